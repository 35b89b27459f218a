import { faultsFromEnv } from '../kit/faults';
import { generatePopulation } from '../population';
import { EnvReader } from '../../platform/env';
import { DEFAULT_PORTS } from '../../systems/ports';
import { startTaxStandIn } from './standIn';

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('LEGACY_TAX_PORT', DEFAULT_PORTS.legacyTax);
  const faults = faultsFromEnv(process.env, 'LEGACY_TAX');
  const standIn = await startTaxStandIn({ population: generatePopulation(), port, faults });
  console.log(JSON.stringify({ level: 'info', service: 'legacy-tax', message: 'tax stand-in listening', url: `${standIn.url}/tax`, wsdl: `${standIn.url}/tax?wsdl` }));
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
