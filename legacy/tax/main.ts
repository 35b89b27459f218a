import { runService } from '../../platform/serviceProcess';
import { generatePopulation } from '../population';
import { createLogger } from '../../platform/logger';
import { faultsOf } from '../kit/faultSettings';
import { serviceConfig } from './config';
import { startTaxStandIn } from './standIn';

/** Entry point: the tax agency stand-in on LEGACY_TAX_PORT; faults from LEGACY_TAX_*, all in ./config.ts. */
runService('tax stand-in', async () => {
  const config = serviceConfig.load(process.env);
  const port = config.LEGACY_TAX_PORT;
  const faults = faultsOf(config, 'LEGACY_TAX');
  const standIn = await startTaxStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-tax', config.LOG_LEVEL).info('tax stand-in listening', { url: `${standIn.url}/tax`, wsdl: `${standIn.url}/tax?wsdl` });
  return async () => {
    await standIn.close();
  };
});
