import { LegacyHttp } from '../../platform/legacyHttp';
import { createLogger, EnvReader, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { runtimeFromEnv } from '../kit';
import { CprClient } from '../../domain/register/cprClient';
import { serviceConfig } from './config';
import { buildCitizenSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: checks its settings once (./config.ts), builds the citizen subgraph, listens. */
async function main(): Promise<void> {
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
  const stop = () =>
    void service
      .stop()
      .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`citizen subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
