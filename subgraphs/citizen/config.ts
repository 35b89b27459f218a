import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The citizen subgraph's settings (subgraphs/citizen/main.ts). */
export const serviceConfig = defineConfig('subgraph citizen', 'subgraphs/citizen/main.ts', 'the population register (CPR) as the Citizen entity.', {
  CITIZEN_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.citizen),
  CITIZEN_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
  LEGACY_CPR_URL: setting.url('The population register (CPR) system.', `http://127.0.0.1:${DEFAULT_PORTS.legacyCpr}`),
  LEGACY_CPR_TIMEOUT_MS: setting.int('Timeout of one attempt to the register, ms.', 5000, { min: 1, max: 120_000 }),
  ...legacyResilienceSettings('cpr'),
  ...subgraphRuntimeSettings('citizen'),
  ...LOGGING_SETTINGS,
  ...SERVER_TLS_SETTINGS,
});
