import path from 'node:path';
import { defineConfig, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The benefits subgraph's settings (subgraphs/benefits/main.ts). */
export const serviceConfig = defineConfig(
  'subgraph benefits',
  'subgraphs/benefits/main.ts',
  "the benefits agency's database (SQL) as benefit facts on Citizen. Install the database first (legacy/benefits/main.ts).",
  {
    BENEFITS_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.benefits),
    BENEFITS_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
    BENEFITS_DATA_DIR: setting.text('PGlite folder of the benefits database when DATABASE_URL is unset.', path.join('data', 'benefits')),
    BENEFITS_DB_SCHEMA: setting.optional('PostgreSQL schema of the benefits tables.', { documented: 'public' }),
    BENEFITS_DB_POOL_SIZE: setting.int('Connections to the benefits database.', 10, { min: 1, max: 200 }),
    BENEFITS_DB_TIMEOUT_MS: setting.int('Statement timeout on the benefits database, ms.', 5000, { min: 1 }),
    BENEFITS_STORE_DATA_DIR: setting.text('PGlite folder for the idempotency keys when DATABASE_URL is unset.', path.join('data', 'benefits-store')),
    ...subgraphRuntimeSettings('benefits', { dataDir: false }),
    ...LOGGING_SETTINGS,
    ...SERVER_TLS_SETTINGS,
  },
);
