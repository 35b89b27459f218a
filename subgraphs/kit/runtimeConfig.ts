import path from 'node:path';
import { setting, type Variable } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';

/**
 * The variables runtimeFromEnv (subgraphs/kit/runtime.ts) reads for every legacy-wrapping
 * subgraph: caller-context key, its own service key, the selfservice service, the cache and the
 * idempotency store. `dataDir: false` leaves out <SERVICE>_DATA_DIR (benefits names it itself).
 */
export function subgraphRuntimeSettings(service: string, { dataDir = true }: { dataDir?: boolean } = {}) {
  const upper = service.toUpperCase();
  const shared = {
    CALLER_CONTEXT_PUBLIC_KEY: setting.required(
      "The gateway's Ed25519 public key (JWK): every request must carry a caller context it signed (`npm run keys`).",
      { type: 'JWK' },
    ),
    SERVICE_KEY: setting.required(`This subgraph's own credential for selfservice's internal endpoints: "${service}:<base64>" (\`npm run keys\`).`, {
      secret: true,
    }),
    SELFSERVICE_URL: setting.url('The selfservice subgraph: access log and filings are written through it.', `http://127.0.0.1:${DEFAULT_PORTS.selfservice}`),
    SELFSERVICE_TIMEOUT_MS: setting.int('Timeout of a call to selfservice, ms.', 3000, { min: 1 }),
    REDIS_URL: setting.optionalUrl('Redis (or a Redis Cluster node) for the shared read-through cache; unset: an in-process cache.', { secret: true }),
    CACHE_ENCRYPTION_KEYS: setting.optional('Cache encryption keys, newest first (required with REDIS_URL; docs/operations.md on rotation).', { secret: true }),
    CACHE_KEY_HASH_SECRET: setting.optional('Secret for hashing cache keys (CPR numbers never appear in Redis keys).', { secret: true }),
    REDIS_COMMAND_TIMEOUT_MS: setting.int('Timeout of one Redis command, ms; slower is a miss, not an error.', 250, { min: 1 }),
    CACHE_POLICY_JSON: setting.optionalJson('Cache TTLs per key pattern, e.g. {"default":{"ttlMs":300000},"tax.*":{"ttlMs":600000}}.'),
    DATABASE_URL: setting.optionalUrl("PostgreSQL for the idempotency keys (and the service's own tables); unset: PGlite on disk.", { secret: true }),
  };
  const storeDir: Record<string, Variable<string>> = dataDir
    ? { [`${upper}_DATA_DIR`]: setting.text('PGlite folder for the idempotency keys when DATABASE_URL is unset.', path.join('data', `${service}-store`)) }
    : {};
  return { ...shared, ...storeDir } as typeof shared;
}
