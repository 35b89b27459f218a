import { EnvReader, LegacyHttp, createLogger, resilienceFromEnv, tlsFromEnv, runService } from '../../platform';
import { startTracingFromEnv } from '../../platform/tracing';
import { runtimeFromEnv } from '../kit';
import { DaycareClient } from './daycareClient';
import { serviceConfig } from './config';
import { DAYCARE_SYSTEM } from './mapping';
import { buildDaycareSubgraph } from './server';

/**
 * The daycare subgraph as a service: checks its settings once (./config.ts: ports, LEGACY_DAYCARE_URL,
 * LEGACY_DAYCARE_TIMEOUT_MS, retries and circuit breaker, cache TTLs in CACHE_POLICY_JSON "daycare.*";
 * docs/configuration.md), builds the subgraph, listens.
 */
runService('daycare subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-daycare'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime, retries); config has already checked every variable.
  const env = new EnvReader(process.env);
  const tls = tlsFromEnv(env);
  const logger = createLogger('daycare', config.LOG_LEVEL);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'daycare', logger);
  const http = new LegacyHttp({
    ...resilienceFromEnv(env, DAYCARE_SYSTEM),
    system: DAYCARE_SYSTEM,
    baseURL: config.LEGACY_DAYCARE_URL,
    timeoutMs: config.LEGACY_DAYCARE_TIMEOUT_MS,
    logger,
    metrics: legacyMetrics,
  });
  const running = await buildDaycareSubgraph({ ...runtime, client: new DaycareClient({ http }) }).listen(
    config.DAYCARE_SUBGRAPH_PORT,
    config.DAYCARE_SUBGRAPH_HOST,
    tls,
  );
  logger.info('daycare subgraph ready', { url: running.url });
  return async () => {
    await running.stop();
    await Promise.all([sql.close(), runtime.cache?.close()]);
  };
});
