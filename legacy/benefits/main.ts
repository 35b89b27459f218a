import { createLogger } from '../../platform/logger';
import { ensureSchema, openSqlClient } from '../../platform/sql';
import { generatePopulation } from '../population';
import { serviceConfig } from './config';
import { installBenefitsDatabase } from './install';

/**
 * Installs the benefits legacy database: PostgreSQL at DATABASE_URL (in BENEFITS_DB_SCHEMA if
 * set), else PGlite under BENEFITS_DATA_DIR. Creates tables, seeds once, and exits.
 * A PGlite directory is opened by one process at a time: run this before the subgraph starts.
 */
async function main(): Promise<void> {
  const config = serviceConfig.load(process.env);
  const databaseUrl = config.DATABASE_URL;
  const schema = config.BENEFITS_DB_SCHEMA;
  const dataDir = config.BENEFITS_DATA_DIR;
  const referenceDate = config.BENEFITS_REFERENCE_DATE;
  const logger = createLogger('legacy-benefits', config.LOG_LEVEL);

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
