import { EnvReader } from '../kit/env';
import { createLogger } from '../kit/logger';
import { DEFAULT_PORTS } from '../kit/ports';
import { openSqlClient } from '../kit/sql';
import { buildBenefitsSubgraph } from './server';

/**
 * The benefits subgraph as a service. DATABASE_URL selects PostgreSQL (BENEFITS_DB_SCHEMA
 * picks the schema); without it the embedded PGlite database under BENEFITS_DATA_DIR is used.
 * Install the database first (legacy/benefits/main.ts).
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('BENEFITS_SUBGRAPH_PORT', DEFAULT_PORTS.benefits);
  const databaseUrl = env.optional('DATABASE_URL');
  const dataDir = env.string('BENEFITS_DATA_DIR', './data/benefits');
  const schema = env.optional('BENEFITS_DB_SCHEMA');
  const maxConnections = env.int('BENEFITS_DB_POOL_SIZE', 10, { min: 1, max: 200 });
  const statementTimeoutMs = env.int('BENEFITS_DB_TIMEOUT_MS', 5000, { min: 1 });
  const logger = createLogger('benefits', env.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'));

  const sql = await openSqlClient({ system: 'benefits', databaseUrl, dataDir: databaseUrl ? undefined : dataDir, schema, maxConnections, statementTimeoutMs });
  const running = await buildBenefitsSubgraph({ sql, logger }).listen(port, env.string('BENEFITS_SUBGRAPH_HOST', '127.0.0.1'));
  logger.info('benefits subgraph ready', { url: running.url, engine: sql.engine });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
