import { createLogger, EnvReader, LegacyHttp, type LogLevel, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit';
import { buildTaxSubgraph } from './server';
import { TaxSoapClient } from './soapClient';
import { startTracingFromEnv } from '../../platform/tracing';

async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-tax'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  const port = env.port('TAX_SUBGRAPH_PORT', DEFAULT_PORTS.tax);
  const host = env.string('TAX_SUBGRAPH_HOST', '127.0.0.1');
  const tls = tlsFromEnv(env);
  const legacyUrl = env.url('LEGACY_TAX_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyTax}`);
  const timeoutMs = env.int('LEGACY_TAX_TIMEOUT_MS', 5000, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');

  const logger = createLogger('tax-subgraph', logLevel);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'tax', logger);
  const client = new TaxSoapClient({ http: new LegacyHttp({ ...resilienceFromEnv(env, 'tax'), system: 'tax', baseURL: legacyUrl, timeoutMs, logger, metrics: legacyMetrics }) });
  const service = await buildTaxSubgraph({ ...runtime, client }).listen(port, host, tls);
  const stop = () => void service.stop()
    .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
    .then(() => process.exit(0), (error: unknown) => {
      logger.error('shutdown failed', { message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
