import type { CacheCipher } from './CacheCipher';
import { systemClock } from '../clock';
import type { CacheMetrics } from './CacheMetrics';
import type { CacheStore } from './CacheStore';
import type { FreshnessReport } from './FreshnessReport';

export interface CachePolicy {
  /** How long an answer is fresh. */
  readonly ttlMs: number;
  /** How long "not found" is remembered. */
  readonly negativeTtlMs: number;
  /** How long after expiry an answer may still be served when the legacy system fails. */
  readonly staleIfErrorMs: number;
}

export const DEFAULT_CACHE_POLICY: CachePolicy = { ttlMs: 5 * 60_000, negativeTtlMs: 30_000, staleIfErrorMs: 60 * 60_000 };

export interface ReadThroughCacheOptions {
  readonly store: CacheStore;
  readonly cipher: CacheCipher;
  readonly metrics: CacheMetrics;
  /** TTLs by legacy system and record kind; DEFAULT_CACHE_POLICY otherwise. */
  readonly policy?: (system: string, kind: string) => CachePolicy;
  /** Bump to orphan every entry after an incompatible change of cached shapes (v2: values bound to their keys). */
  readonly namespace?: string;
  readonly now?: () => number;
}

/** A cached legacy answer: the value (null = not found) and when we got it. */
interface Entry<V> {
  readonly v: V | null;
  readonly t: number;
}

type Outcome<V> = V | null | Error;

/**
 * The read-through cache inside every batch function: one MGET for the keys, one batched
 * legacy call for the misses, one pipelined SET with expiry. Concurrent loads of the same
 * missing key in this process share one legacy call. When the legacy call fails, entries
 * expired less than `staleIfErrorMs` ago are served and reported.
 */
export class ReadThroughCache {
  private readonly inflight = new Map<string, Promise<Outcome<unknown>>>();
  private readonly now: () => number;
  private readonly namespace: string;

  constructor(private readonly options: ReadThroughCacheOptions) {
    // Freshness stamps go to Redis and are compared across replicas: wall time, from the one clock.
    this.now = options.now ?? (() => systemClock.now().getTime());
    this.namespace = options.namespace ?? 'v2';
  }

  get metrics(): CacheMetrics {
    return this.options.metrics;
  }

  async load<V>(
    system: string,
    kind: string,
    keys: readonly string[],
    fetchMany: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
    report?: FreshnessReport,
  ): Promise<Outcome<V>[]> {
    const policy = this.policyFor(system, kind);
    const cacheKeys = keys.map((key) => this.cacheKey(system, kind, key));
    const raw = await this.options.store.mget(cacheKeys);
    const now = this.now();
    const outcomes: (Outcome<V> | undefined)[] = new Array(keys.length);
    const stale = new Map<string, Entry<V>>();
    const toFetch: string[] = [];
    const waits: Promise<void>[] = [];

    keys.forEach((key, i) => {
      const entry = raw[i] === null ? null : this.decode<V>(raw[i]!, cacheKeys[i]);
      if (raw[i] !== null && !entry) this.metrics.count(system, 'unreadable');
      if (entry) {
        const age = now - entry.t;
        if (age < (entry.v === null ? policy.negativeTtlMs : policy.ttlMs)) {
          outcomes[i] = entry.v;
          this.metrics.count(system, 'hits');
          return;
        }
        if (entry.v !== null && age < policy.ttlMs + policy.staleIfErrorMs) stale.set(key, entry);
      }
      this.metrics.count(system, 'misses');
      const pending = this.inflight.get(cacheKeys[i]) as Promise<Outcome<V>> | undefined;
      if (pending)
        waits.push(
          pending.then((o) => {
            outcomes[i] = o;
          }),
        );
      else toFetch.push(key);
    });

    if (toFetch.length > 0) {
      const call = this.fetchAndStore(system, kind, policy, toFetch, fetchMany, stale, report);
      toFetch.forEach((key) => {
        const cacheKey = this.cacheKey(system, kind, key);
        const one = call.then((results) => results.get(key) as Outcome<V>);
        this.inflight.set(cacheKey, one);
        void one.finally(() => this.inflight.delete(cacheKey));
      });
      const results = await call;
      keys.forEach((key, i) => {
        if (outcomes[i] === undefined && results.has(key)) outcomes[i] = results.get(key) as Outcome<V>;
      });
    }
    await Promise.all(waits);
    return outcomes.map((o) => (o === undefined ? null : o));
  }

  /** Removes entries so the next read goes to the legacy system; throws if the store cannot confirm. */
  async invalidate(system: string, kind: string, keys: readonly string[]): Promise<void> {
    await this.options.store.del(keys.map((key) => this.cacheKey(system, kind, key)));
  }

  /** Whether the store (Redis) answered its last command. */
  get storeAvailable(): boolean {
    return this.options.store.available;
  }

  async close(): Promise<void> {
    await this.options.store.close();
  }

  private async fetchAndStore<V>(
    system: string,
    kind: string,
    policy: CachePolicy,
    keys: readonly string[],
    fetchMany: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
    stale: ReadonlyMap<string, Entry<V>>,
    report?: FreshnessReport,
  ): Promise<Map<string, Outcome<V>>> {
    const results = new Map<string, Outcome<V>>();
    this.metrics.count(system, 'legacyCalls');
    let found: ReadonlyMap<string, V>;
    try {
      found = await fetchMany(keys);
    } catch (error) {
      const now = this.now();
      for (const key of keys) {
        const entry = stale.get(key);
        if (entry) {
          results.set(key, entry.v);
          this.metrics.count(system, 'staleServes');
          report?.add({ legacySystem: system, kind, ageSeconds: Math.round((now - entry.t) / 1000) });
        } else {
          results.set(key, error instanceof Error ? error : new Error(String(error)));
          this.metrics.count(system, 'errors');
        }
      }
      return results;
    }
    const now = this.now();
    const writes = keys.map((key) => {
      const value = found.get(key) ?? null;
      results.set(key, value);
      const ttl = value === null ? policy.negativeTtlMs : policy.ttlMs + policy.staleIfErrorMs;
      const cacheKey = this.cacheKey(system, kind, key);
      return { key: cacheKey, value: this.options.cipher.encrypt(JSON.stringify({ v: value, t: now }), cacheKey), ttlMs: ttl };
    });
    await this.options.store.mset(writes);
    return results;
  }

  /** Null (a miss) unless the entry decrypts as written under cacheKey itself. */
  private decode<V>(token: string, cacheKey: string): Entry<V> | null {
    const plaintext = this.options.cipher.decrypt(token, cacheKey);
    if (plaintext === null) return null;
    try {
      const entry = JSON.parse(plaintext) as Entry<V>;
      return typeof entry?.t === 'number' && 'v' in entry ? entry : null;
    } catch {
      return null;
    }
  }

  private cacheKey(system: string, kind: string, key: string): string {
    // The hash tag keeps one kind's keys in one cluster slot, so MGET and pipelines work on a cluster.
    return `cg:${this.namespace}:{${system}:${kind}}:${this.options.cipher.hashKeyPart(`${system}|${kind}|${key}`)}`;
  }

  private policyFor(system: string, kind: string): CachePolicy {
    return this.options.policy?.(system, kind) ?? DEFAULT_CACHE_POLICY;
  }
}
