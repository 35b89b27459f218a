import { runService } from '../../platform/serviceProcess';
import { generatePopulation } from '../population';
import { createLogger } from '../../platform/logger';
import { serviceConfig } from './config';
import { startTaxStandIn } from './standIn';

/** Entry point: the tax agency stand-in on LEGACY_TAX_PORT; faults from LEGACY_TAX_*, all in ./config.ts. */
runService('tax stand-in', async () => {
  const config = serviceConfig.load(process.env);
  const port = config.LEGACY_TAX_PORT;
  const faults = {
    down: config.LEGACY_TAX_DOWN,
    latencyMs: config.LEGACY_TAX_LATENCY_MS,
    jitterMs: config.LEGACY_TAX_JITTER_MS,
    errorRate: config.LEGACY_TAX_ERROR_RATE,
  };
  const standIn = await startTaxStandIn({ population: generatePopulation(), port, faults });
  createLogger('legacy-tax', config.LOG_LEVEL).info('tax stand-in listening', { url: `${standIn.url}/tax`, wsdl: `${standIn.url}/tax?wsdl` });
  return async () => {
    await standIn.close();
  };
});
