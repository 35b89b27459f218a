import type { Logger } from '../logger';
import { CacheCipher } from './CacheCipher';
import { CacheMetrics } from './CacheMetrics';
import { MemoryCacheStore } from './MemoryCacheStore';
import { type CachePolicy, DEFAULT_CACHE_POLICY, ReadThroughCache } from './ReadThroughCache';
import { RedisCacheStore } from './RedisCacheStore';

export interface CacheSettings {
  /** Redis (or redis+cluster://) URL; without it the cache is in-process memory. */
  readonly redisUrl?: string;
  /** "id:base64key[,id:base64key]"; without it a key is generated for this process. */
  readonly encryptionKeys?: string;
  /** Secret for hashing cache keys; defaults to the current encryption key. */
  readonly keyHashSecret?: string;
  /** TTLs: "default" and "<system>.<kind>" or "<system>.*" entries, each a partial CachePolicy. */
  readonly policies?: Readonly<Record<string, Partial<CachePolicy>>>;
  readonly redisCommandTimeoutMs?: number;
  readonly logger: Logger;
}

/** The cache a service runs with, from validated settings (main.ts reads them from env). */
export function buildCache(settings: CacheSettings): ReadThroughCache {
  const store = settings.redisUrl
    ? new RedisCacheStore({ url: settings.redisUrl, logger: settings.logger, commandTimeoutMs: settings.redisCommandTimeoutMs })
    : new MemoryCacheStore();
  if (settings.redisUrl && !settings.encryptionKeys) {
    throw new Error('CACHE_ENCRYPTION_KEYS is required with REDIS_URL: replicas sharing Redis must share the key ("k1:<base64 of 32 bytes>")');
  }
  let cipher: CacheCipher;
  if (settings.encryptionKeys) {
    cipher = CacheCipher.fromConfig(settings.encryptionKeys, settings.keyHashSecret);
  } else {
    cipher = CacheCipher.ephemeral();
    settings.logger.info(
      'cache: in-process memory with an encryption key generated for this process (set REDIS_URL and CACHE_ENCRYPTION_KEYS to share a cache)',
    );
  }
  return new ReadThroughCache({ store, cipher, metrics: new CacheMetrics(), policy: policyResolver(settings.policies ?? {}) });
}

export function policyResolver(policies: Readonly<Record<string, Partial<CachePolicy>>>): (system: string, kind: string) => CachePolicy {
  for (const [name, policy] of Object.entries(policies)) {
    for (const [field, value] of Object.entries(policy)) {
      if (!['ttlMs', 'negativeTtlMs', 'staleIfErrorMs'].includes(field))
        throw new Error(`cache policy "${name}": unknown setting "${field}" (ttlMs, negativeTtlMs, staleIfErrorMs)`);
      if (typeof value !== 'number' || value < 0) throw new Error(`cache policy "${name}": ${field} must be a number of milliseconds >= 0`);
    }
  }
  return (system, kind) => ({ ...DEFAULT_CACHE_POLICY, ...policies.default, ...policies[`${system}.*`], ...policies[`${system}.${kind}`] });
}
