import { faultsFromEnv } from '../kit/faults';
import { generatePopulation } from '../population';
import { DEFAULT_PORTS } from '../../systems/ports';
import { EnvReader } from '../../platform/env';
import { startHousingStandIn } from './standIn';

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('LEGACY_HOUSING_PORT', DEFAULT_PORTS.legacyHousing);
  const faults = faultsFromEnv(process.env, 'LEGACY_HOUSING');
  const standIn = await startHousingStandIn({ population: generatePopulation(), port, faults });
  process.stdout.write(`housing-benefit stand-in listening on ${standIn.url}\n`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`housing-benefit stand-in failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
