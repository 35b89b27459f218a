import path from 'node:path';
import { defineConfig, LOGGING_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_REFERENCE_DATE } from './seed';

/** The benefits database installer's settings (legacy/benefits/main.ts). */
export const serviceConfig = defineConfig(
  'legacy benefits installer',
  'legacy/benefits/main.ts',
  'creates and seeds the benefits database once, then exits (run before the benefits subgraph).',
  {
    DATABASE_URL: setting.optionalUrl('PostgreSQL to install into; unset: PGlite under BENEFITS_DATA_DIR.', { secret: true }),
    BENEFITS_DB_SCHEMA: setting.optional('PostgreSQL schema to install into (created if missing).', { documented: 'public' }),
    BENEFITS_DATA_DIR: setting.text('PGlite folder when DATABASE_URL is unset.', path.join('data', 'benefits')),
    BENEFITS_REFERENCE_DATE: setting.optional('The date the seeded records are relative to (YYYY-MM-DD).', {
      type: 'date',
      documented: DEFAULT_REFERENCE_DATE,
    }),
    ...LOGGING_SETTINGS,
  },
);
