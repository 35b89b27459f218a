import { EnvReader } from '../../platform/env';
import { createLogger } from '../../platform/logger';
import { ensureSchema, openSqlClient } from '../../platform/sql';
import { generatePopulation } from '../population';
import { installBenefitsDatabase } from './install';

/**
 * Installs the benefits legacy database: PostgreSQL at DATABASE_URL (in BENEFITS_DB_SCHEMA if
 * set), else PGlite under BENEFITS_DATA_DIR. Creates tables, seeds once, and exits.
 * A PGlite directory is opened by one process at a time: run this before the subgraph starts.
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const databaseUrl = env.optional('DATABASE_URL');
  const schema = env.optional('BENEFITS_DB_SCHEMA');
  const dataDir = env.string('BENEFITS_DATA_DIR', './data/benefits');
  const referenceDate = env.optional('BENEFITS_REFERENCE_DATE');
  const logger = createLogger('legacy-benefits', env.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'));

  const sql = await openSqlClient({ system: 'benefits', databaseUrl, dataDir: databaseUrl ? undefined : dataDir, schema });
  try {
    if (schema) await ensureSchema(sql, schema);
    const result = await installBenefitsDatabase(sql, generatePopulation(), { referenceDate });
    logger.info('benefits database installed', { engine: sql.engine, where: databaseUrl ? `postgres schema ${schema ?? 'public'}` : dataDir, ...result });
  } finally {
    await sql.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
