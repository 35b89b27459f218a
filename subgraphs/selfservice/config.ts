import path from 'node:path';
import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';

/** The selfservice subgraph's settings (subgraphs/selfservice/main.ts). */
export const serviceConfig = defineConfig(
  'subgraph selfservice',
  'subgraphs/selfservice/main.ts',
  "the graph's own store: access log, powers of attorney, exemptions, filings and outcomes.",
  {
    SELFSERVICE_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.selfservice),
    SELFSERVICE_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
    DATABASE_URL: setting.optionalUrl('PostgreSQL holding the store; unset: PGlite on disk under SELFSERVICE_DATA_DIR.', { secret: true }),
    SELFSERVICE_DATA_DIR: setting.text('PGlite folder of the store when DATABASE_URL is unset.', path.join('data', 'selfservice')),
    CALLER_CONTEXT_PUBLIC_KEY: setting.required(
      "The gateway's Ed25519 public key (JWK): every request must carry a caller context it signed (`npm run keys`).",
      { type: 'JWK' },
    ),
    INTERNAL_SERVICE_KEYS: setting.required('Which subgraphs may write the access log and filings: "citizen:<base64>,tax:<base64>,..." (`npm run keys`).', {
      secret: true,
    }),
    SELFSERVICE_EXEMPTION_DEFAULT_YEARS: setting.int('Years an exemption lasts when granted without an end date; 0 = lifelong.', 2, { min: 0, max: 100 }),
    SELFSERVICE_DELEGATION_MAX_YEARS: setting.int('Longest power of attorney, years.', 5, { min: 1, max: 100 }),
    LEGACY_CPR_URL: setting.url("The population register, asked whether a power of attorney's holder exists.", `http://127.0.0.1:${DEFAULT_PORTS.legacyCpr}`),
    LEGACY_CPR_TIMEOUT_MS: setting.int('Timeout of one attempt to the register, ms.', 5000, { min: 1, max: 120_000 }),
    ...legacyResilienceSettings('cpr'),
    SELFSERVICE_OUTCOMES_MIN_CELL_CITIZENS: setting.int('Outcome figures: groups under this many citizens are suppressed.', 5, { min: 1, max: 1000 }),
    SELFSERVICE_CHANNEL_COSTS_FILE: setting.optional("JSON file of costs per channel replacing the repository's.", {
      type: 'file path',
      documented: "the repository's costs",
    }),
    ...LOGGING_SETTINGS,
    ...SERVER_TLS_SETTINGS,
  },
);
