import { DEFAULT_LEGACY_HTTP_OPTIONS, EnvReader, LegacyHttp, type LogLevel, createLogger, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit';
import { DaycareClient } from './daycareClient';
import { DAYCARE_SYSTEM } from './mapping';
import { buildDaycareSubgraph } from './server';

/**
 * The daycare subgraph as a service. DAYCARE_SUBGRAPH_PORT (default from the registry),
 * LEGACY_DAYCARE_URL, LEGACY_DAYCARE_TIMEOUT_MS, and the resilience settings of resilienceFromEnv
 * (retries, circuit breaker: see docs/onboarding.md). Caller-context key, cache (CACHE_POLICY_JSON
 * "daycare.*" for this system's TTLs), selfservice and idempotency store: see runtimeFromEnv.
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('DAYCARE_SUBGRAPH_PORT', DEFAULT_PORTS.daycare);
  const host = env.string('DAYCARE_SUBGRAPH_HOST', '127.0.0.1');
  const tls = tlsFromEnv(env);
  const baseURL = env.url('LEGACY_DAYCARE_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyDaycare}`);
  const timeoutMs = env.int('LEGACY_DAYCARE_TIMEOUT_MS', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');

  const logger = createLogger('daycare', logLevel);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'daycare', logger);
  const client = new DaycareClient({ http: new LegacyHttp({ ...resilienceFromEnv(env, DAYCARE_SYSTEM), system: DAYCARE_SYSTEM, baseURL, timeoutMs, logger, metrics: legacyMetrics }) });
  const running = await buildDaycareSubgraph({ ...runtime, client }).listen(port, host, tls);
  logger.info('daycare subgraph ready', { url: running.url });
  const stop = () => void running.stop()
    .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
    .then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`daycare subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
