import { runService } from '../../platform/serviceProcess';
import { generatePopulation } from '../population';
import { createLogger } from '../../platform/logger';
import { faultsOf } from '../kit/faultSettings';
import { serviceConfig } from './config';
import { startHousingStandIn } from './standIn';

/** Entry point: the housing-benefit stand-in on LEGACY_HOUSING_PORT; faults from LEGACY_HOUSING_*, all in ./config.ts. */
runService('housing-benefit stand-in', async () => {
  const config = serviceConfig.load(process.env);
  const port = config.LEGACY_HOUSING_PORT;
  const faults = faultsOf(config, 'LEGACY_HOUSING');
  const standIn = await startHousingStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-housing', config.LOG_LEVEL).info('housing-benefit stand-in listening', { url: standIn.url, faults });
  return async () => {
    await standIn.close();
  };
});
