import { createLogger, DEFAULT_PORTS, EnvReader, LegacyHttp, type LogLevel } from '../kit';
import { buildTaxSubgraph } from './server';
import { TaxSoapClient } from './soapClient';

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('TAX_SUBGRAPH_PORT', DEFAULT_PORTS.tax);
  const legacyUrl = env.url('LEGACY_TAX_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyTax}`);
  const timeoutMs = env.int('LEGACY_TAX_TIMEOUT_MS', 5000, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');

  const logger = createLogger('tax-subgraph', logLevel);
  const client = new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL: legacyUrl, timeoutMs }) });
  const service = await buildTaxSubgraph({ client, logger }).listen(port);
  const stop = () => void service.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
