import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_LEGACY_HTTP_OPTIONS } from '../../platform/legacyHttp';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The daycare subgraph's settings (subgraphs/daycare/main.ts). */
export const serviceConfig = defineConfig(
  'subgraph daycare',
  'subgraphs/daycare/main.ts',
  'Municipal daycare system (REST/JSON) as daycare facts on Citizen.',
  {
    DAYCARE_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.daycare),
    DAYCARE_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
    LEGACY_DAYCARE_URL: setting.url('The daycare system.', `http://127.0.0.1:${DEFAULT_PORTS.legacyDaycare}`),
    LEGACY_DAYCARE_TIMEOUT_MS: setting.int('Timeout of one attempt to the daycare system, ms.', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, {
      min: 1,
      max: 120_000,
    }),
    ...legacyResilienceSettings('daycare'),
    ...subgraphRuntimeSettings('daycare'),
    ...LOGGING_SETTINGS,
    ...SERVER_TLS_SETTINGS,
  },
);
