import { faultsFromEnv } from '../kit/faults';
import { generatePopulation } from '../population';
import { EnvReader } from '../../platform/env';
import { createLogger } from '../../platform/logger';
import { DEFAULT_PORTS } from '../../systems/ports';
import { startCprStandIn } from './standIn';

/** Entry point: the population register stand-in on LEGACY_CPR_PORT; faults from LEGACY_CPR_* (DOWN, LATENCY_MS, ...). */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('LEGACY_CPR_PORT', DEFAULT_PORTS.legacyCpr);
  const faults = faultsFromEnv(process.env, 'LEGACY_CPR');
  const standIn = await startCprStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-cpr').info('stand-in listening', { url: standIn.url, faults });
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`legacy-cpr failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
