import { runService } from '../../platform/serviceProcess';
import { generatePopulation } from '../population';
import { createLogger } from '../../platform/logger';
import { faultsOf } from '../kit/faultSettings';
import { serviceConfig } from './config';
import { startCprStandIn } from './standIn';

/** Entry point: the population register stand-in on LEGACY_CPR_PORT; faults from LEGACY_CPR_* (DOWN, LATENCY_MS, ...), all in ./config.ts. */
runService('legacy-cpr', async () => {
  const config = serviceConfig.load(process.env);
  const port = config.LEGACY_CPR_PORT;
  const faults = faultsOf(config, 'LEGACY_CPR');
  const standIn = await startCprStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-cpr', config.LOG_LEVEL).info('stand-in listening', { url: standIn.url, faults });
  return async () => {
    await standIn.close();
  };
});
