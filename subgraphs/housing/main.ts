import { DEFAULT_LEGACY_HTTP_OPTIONS, EnvReader, LegacyHttp, type LogLevel, createLogger, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit';
import { HousingClient } from './housingClient';
import { HOUSING_SYSTEM } from './mapping';
import { buildHousingSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-housing'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  const port = env.port('HOUSING_SUBGRAPH_PORT', DEFAULT_PORTS.housing);
  const host = env.string('HOUSING_SUBGRAPH_HOST', '127.0.0.1');
  const tls = tlsFromEnv(env);
  const baseURL = env.url('LEGACY_HOUSING_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyHousing}`);
  const timeoutMs = env.int('LEGACY_HOUSING_TIMEOUT_MS', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');

  const logger = createLogger('housing', logLevel);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'housing', logger);
  const client = new HousingClient({ http: new LegacyHttp({ ...resilienceFromEnv(env, HOUSING_SYSTEM), system: HOUSING_SYSTEM, baseURL, timeoutMs, logger, metrics: legacyMetrics }) });
  const running = await buildHousingSubgraph({ ...runtime, client }).listen(port, host, tls);
  const stop = () => void running.stop()
    .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
    .then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`housing subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
