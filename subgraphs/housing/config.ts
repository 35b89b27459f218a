import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_LEGACY_HTTP_OPTIONS } from '../../platform/legacyHttp';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The housing subgraph's settings (subgraphs/housing/main.ts). */
export const serviceConfig = defineConfig('subgraph housing', 'subgraphs/housing/main.ts', 'the housing-benefit system (REST) as housing facts on Citizen.', {
  HOUSING_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.housing),
  HOUSING_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
  LEGACY_HOUSING_URL: setting.url('The housing-benefit system.', `http://127.0.0.1:${DEFAULT_PORTS.legacyHousing}`),
  LEGACY_HOUSING_TIMEOUT_MS: setting.int('Timeout of one attempt to the housing system, ms.', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, { min: 1, max: 120_000 }),
  ...legacyResilienceSettings('housing'),
  ...subgraphRuntimeSettings('housing'),
  ...LOGGING_SETTINGS,
  ...SERVER_TLS_SETTINGS,
});
