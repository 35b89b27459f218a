import { generatePopulation } from '../population';
import { createLogger } from '../../platform/logger';
import { serviceConfig } from './config';
import { startCprStandIn } from './standIn';

/** Entry point: the population register stand-in on LEGACY_CPR_PORT; faults from LEGACY_CPR_* (DOWN, LATENCY_MS, ...), all in ./config.ts. */
async function main(): Promise<void> {
  const config = serviceConfig.load(process.env);
  const port = config.LEGACY_CPR_PORT;
  const faults = {
    down: config.LEGACY_CPR_DOWN,
    latencyMs: config.LEGACY_CPR_LATENCY_MS,
    jitterMs: config.LEGACY_CPR_JITTER_MS,
    errorRate: config.LEGACY_CPR_ERROR_RATE,
  };
  const standIn = await startCprStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-cpr', config.LOG_LEVEL).info('stand-in listening', { url: standIn.url, faults });
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`legacy-cpr failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
