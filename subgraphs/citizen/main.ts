import { LegacyHttp } from '../../platform/legacyHttp';
import { createLogger, EnvReader, type LogLevel, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit';
import { CprClient } from '../../domain/register/cprClient';
import { buildCitizenSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: reads env once, builds the citizen subgraph, listens. */
async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-citizen'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  const port = env.port('CITIZEN_SUBGRAPH_PORT', DEFAULT_PORTS.citizen);
  const host = env.string('CITIZEN_SUBGRAPH_HOST', '127.0.0.1');
  const tls = tlsFromEnv(env);
  const cprUrl = env.url('LEGACY_CPR_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyCpr}`);
  const timeoutMs = env.int('LEGACY_CPR_TIMEOUT_MS', 5000, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');
  const logger = createLogger('citizen', logLevel);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'citizen', logger);

  const cprClient = new CprClient({ http: new LegacyHttp({ ...resilienceFromEnv(env, 'cpr'), baseURL: cprUrl, timeoutMs, logger, metrics: legacyMetrics, system: 'cpr' }) });
  const service = await buildCitizenSubgraph({ ...runtime, cprClient, delegations: runtime.selfservice }).listen(port, host, tls);
  const stop = () => void service.stop()
    .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
    .then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`citizen subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
