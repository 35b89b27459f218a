import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The tax subgraph's settings (subgraphs/tax/main.ts). */
export const serviceConfig = defineConfig('subgraph tax', 'subgraphs/tax/main.ts', "the tax agency's SOAP service as tax facts on Citizen.", {
  TAX_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.tax),
  TAX_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
  LEGACY_TAX_URL: setting.url("The tax agency's SOAP endpoint.", `http://127.0.0.1:${DEFAULT_PORTS.legacyTax}`),
  LEGACY_TAX_TIMEOUT_MS: setting.int('Timeout of one attempt to the tax system, ms.', 5000, { min: 1, max: 120_000 }),
  ...legacyResilienceSettings('tax'),
  ...subgraphRuntimeSettings('tax'),
  ...LOGGING_SETTINGS,
  ...SERVER_TLS_SETTINGS,
});
