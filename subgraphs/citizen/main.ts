import { LegacyHttp } from '../../platform/legacyHttp';
import { createLogger, EnvReader, resilienceFromEnv, tlsFromEnv, runService } from '../../platform';
import { runtimeFromEnv } from '../kit';
import { CprClient } from '../../domain/register/cprClient';
import { serviceConfig } from './config';
import { buildCitizenSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: checks its settings once (./config.ts), builds the citizen subgraph, listens. */
runService('citizen subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-citizen'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime, retries); config has already checked every variable.
  const env = new EnvReader(process.env);
  const port = config.CITIZEN_SUBGRAPH_PORT;
  const host = config.CITIZEN_SUBGRAPH_HOST;
  const tls = tlsFromEnv(env);
  const cprUrl = config.LEGACY_CPR_URL;
  const timeoutMs = config.LEGACY_CPR_TIMEOUT_MS;
  const logger = createLogger('citizen', config.LOG_LEVEL);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'citizen', logger);

  const cprClient = new CprClient({
    http: new LegacyHttp({ ...resilienceFromEnv(env, 'cpr'), baseURL: cprUrl, timeoutMs, logger, metrics: legacyMetrics, system: 'cpr' }),
  });
  const service = await buildCitizenSubgraph({ ...runtime, cprClient, delegations: runtime.selfservice }).listen(port, host, tls);
  return async () => {
    await service.stop();
    await Promise.all([sql.close(), runtime.cache?.close()]);
  };
});
