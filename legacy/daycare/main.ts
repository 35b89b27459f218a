import { runService } from '../../platform/serviceProcess';
import { createLogger } from '../../platform/logger';
import { generatePopulation } from '../population';
import { faultsOf } from '../kit/faultSettings';
import { serviceConfig } from './config';
import { startDaycareStandIn } from './standIn';

/** Entry point: the daycare stand-in on LEGACY_DAYCARE_PORT; faults from LEGACY_DAYCARE_*, all in ./config.ts. */
runService('daycare stand-in', async () => {
  const config = serviceConfig.load(process.env);
  const faults = faultsOf(config, 'LEGACY_DAYCARE');
  const standIn = await startDaycareStandIn({ population: generatePopulation(), port: config.LEGACY_DAYCARE_PORT, faults });
  createLogger('legacy-daycare', config.LOG_LEVEL).info('daycare stand-in listening', { url: standIn.url, faults });
  return async () => {
    await standIn.close();
  };
});
