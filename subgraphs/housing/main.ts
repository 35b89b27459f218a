import { EnvReader, LegacyHttp, createLogger, resilienceFromEnv, tlsFromEnv, runService } from '../../platform';
import { runtimeFromEnv } from '../kit';
import { serviceConfig } from './config';
import { HousingClient } from './housingClient';
import { HOUSING_SYSTEM } from './mapping';
import { buildHousingSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: checks its settings once (./config.ts), builds the housing subgraph, listens. */
runService('housing subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-housing'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime, retries); config has already checked every variable.
  const env = new EnvReader(process.env);
  const port = config.HOUSING_SUBGRAPH_PORT;
  const host = config.HOUSING_SUBGRAPH_HOST;
  const tls = tlsFromEnv(env);
  const baseURL = config.LEGACY_HOUSING_URL;
  const timeoutMs = config.LEGACY_HOUSING_TIMEOUT_MS;

  const logger = createLogger('housing', config.LOG_LEVEL);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'housing', logger);
  const client = new HousingClient({
    http: new LegacyHttp({ ...resilienceFromEnv(env, HOUSING_SYSTEM), system: HOUSING_SYSTEM, baseURL, timeoutMs, logger, metrics: legacyMetrics }),
  });
  const running = await buildHousingSubgraph({ ...runtime, client }).listen(port, host, tls);
  return async () => {
    await running.stop();
    await Promise.all([sql.close(), runtime.cache?.close()]);
  };
});
