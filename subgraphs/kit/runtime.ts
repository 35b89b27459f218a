import path from 'node:path';
import { buildCache } from '../../platform/cache/buildCache';
import { type Clock, systemClock } from '../../platform/clock';
import type { CachePolicy, ReadThroughCache } from '../../platform/cache/ReadThroughCache';
import { serviceCatalogue, type ServiceCatalogue } from '../../domain/catalogue/catalogue';
import { type ContextKeys, importContextKey } from '../../domain/caller/signing';
import { parseServiceCredentials } from '../../domain/caller/serviceIdentity';
import { DEFAULT_PORTS } from '../../systems/ports';
import type { EnvReader } from '../../platform/env';
import { ensureIdempotencyTable, IdempotencyStore } from './idempotency';
import type { Logger } from '../../platform/logger';
import { SelfserviceClient } from '../selfservice/client/selfserviceClient';
import type { Registry } from 'prom-client';
import { createServiceRegistry, exposeCacheMetrics, LegacyCallMetrics, redisUpGauge } from '../../platform/metrics';
import { type ReadinessCheck, sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import { openSqlClient, type SqlClient } from '../../platform/sql';

/** What every legacy-wrapping subgraph is built with, besides its own legacy client. */
export interface SubgraphRuntime {
  readonly logger: Logger;
  /** The gateway's public key: every request must carry a caller context it signed. */
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** Read-through cache for legacy lookups; without it every lookup goes to the legacy system. */
  readonly cache?: ReadThroughCache;
  /** Access log and filings (uptake) are written through the selfservice service. */
  readonly selfservice: Pick<SelfserviceClient, 'recordAccess' | 'recordFiling'>;
  readonly catalogue: ServiceCatalogue;
  /** Idempotency keys for mutations (PostgreSQL or PGlite). */
  readonly idempotency: IdempotencyStore;
  /** The process's one clock (caller-context lifetimes); a request's date comes from its context. */
  readonly clock: Clock;
  /** This subgraph's Prometheus registry (its legacy client and the cache report into it too). */
  readonly metrics?: Registry;
  /** What /ready checks: the idempotency store; never Redis, which the cache only falls back from. */
  readonly readiness?: readonly ReadinessCheck[];
}

/**
 * Builds a SubgraphRuntime from the environment, for a subgraph's main.ts:
 * CALLER_CONTEXT_PUBLIC_KEY (required, Ed25519 JWK), SELFSERVICE_URL, REDIS_URL +
 * CACHE_ENCRYPTION_KEYS (+ CACHE_KEY_HASH_SECRET, CACHE_POLICY_JSON), DATABASE_URL or
 * <SERVICE>_DATA_DIR for idempotency keys. Returns what to close on shutdown too.
 */
export async function runtimeFromEnv(
  env: EnvReader,
  service: string,
  logger: Logger,
): Promise<{ runtime: SubgraphRuntime & { readonly selfservice: SelfserviceClient }; sql: SqlClient; legacyMetrics: LegacyCallMetrics }> {
  const contextPublicKey = await importContextKey(env.string('CALLER_CONTEXT_PUBLIC_KEY'), 'public');
  const policyJson = env.optional('CACHE_POLICY_JSON');
  let policies: Record<string, Partial<CachePolicy>> | undefined;
  try {
    policies = policyJson ? JSON.parse(policyJson) : undefined;
  } catch {
    throw new Error('CACHE_POLICY_JSON must be JSON like {"default":{"ttlMs":300000},"tax.*":{"ttlMs":600000}}');
  }
  const cache = buildCache({
    redisUrl: env.optional('REDIS_URL'),
    encryptionKeys: env.optional('CACHE_ENCRYPTION_KEYS'),
    keyHashSecret: env.optional('CACHE_KEY_HASH_SECRET'),
    redisCommandTimeoutMs: env.int('REDIS_COMMAND_TIMEOUT_MS', 250, { min: 1 }),
    policies,
    logger,
  });
  const databaseUrl = env.optional('DATABASE_URL');
  const sql = await openSqlClient({
    system: 'graph-store',
    databaseUrl,
    dataDir: databaseUrl ? undefined : env.string(`${service.toUpperCase()}_DATA_DIR`, path.join('data', `${service}-store`)),
  });
  await ensureIdempotencyTable(sql);
  // This subgraph's own credential for the selfservice internal endpoints: "<service>:<base64>" (npm run keys).
  const [credential] = parseServiceCredentials(env.string('SERVICE_KEY'), 'SERVICE_KEY');
  if (credential?.name !== service) throw new Error(`SERVICE_KEY must be this service's own key ("${service}:<base64>"), got one for "${credential?.name}"`);
  const selfservice = new SelfserviceClient({
    credential,
    baseUrl: env.url('SELFSERVICE_URL', `http://127.0.0.1:${DEFAULT_PORTS.selfservice}`),
    timeoutMs: env.int('SELFSERVICE_TIMEOUT_MS', 3000, { min: 1 }),
  });
  // This process's one registry: the server's request metrics, the cache's counters and (through legacyMetrics) the legacy client's.
  const metrics = createServiceRegistry(service);
  if (cache) exposeCacheMetrics(metrics, cache.metrics);
  if (cache && env.optional('REDIS_URL')) redisUpGauge(metrics, 'cache', () => cache.storeAvailable);
  const runtime = {
    logger,
    contextPublicKey,
    cache,
    selfservice,
    catalogue: serviceCatalogue(),
    idempotency: new IdempotencyStore(sql),
    clock: systemClock,
    metrics,
    readiness: [sqlReadinessCheck('idempotency-store', sql)],
  };
  return { runtime, sql, legacyMetrics: new LegacyCallMetrics(metrics) };
}
