import { createLogger, EnvReader, LegacyHttp, resilienceFromEnv, tlsFromEnv, runService } from '../../platform';
import { runtimeFromEnv } from '../kit';
import { serviceConfig } from './config';
import { buildTaxSubgraph } from './server';
import { TaxSoapClient } from './soapClient';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: checks its settings once (./config.ts), builds the tax subgraph, listens. */
runService('tax subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-tax'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime, retries); config has already checked every variable.
  const env = new EnvReader(process.env);
  const port = config.TAX_SUBGRAPH_PORT;
  const host = config.TAX_SUBGRAPH_HOST;
  const tls = tlsFromEnv(env);
  const legacyUrl = config.LEGACY_TAX_URL;
  const timeoutMs = config.LEGACY_TAX_TIMEOUT_MS;

  const logger = createLogger('tax-subgraph', config.LOG_LEVEL);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, 'tax', logger);
  const client = new TaxSoapClient({
    http: new LegacyHttp({ ...resilienceFromEnv(env, 'tax'), system: 'tax', baseURL: legacyUrl, timeoutMs, logger, metrics: legacyMetrics }),
  });
  const service = await buildTaxSubgraph({ ...runtime, client }).listen(port, host, tls);
  return async () => {
    await service.stop();
    await Promise.all([sql.close(), runtime.cache?.close()]);
  };
});
