import path from 'node:path';
import { EnvReader } from '../../platform/env';
import { createLogger } from '../../platform/logger';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit/runtime';
import { openSqlClient } from '../../platform/sql';
import { tlsFromEnv } from '../../platform/tls';
import { buildBenefitsSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/**
 * The benefits subgraph as a service. DATABASE_URL selects PostgreSQL (BENEFITS_DB_SCHEMA
 * picks the schema); without it the embedded PGlite database under BENEFITS_DATA_DIR is used.
 * Install the database first (legacy/benefits/main.ts). Caller-context key, cache, selfservice
 * and idempotency store: see runtimeFromEnv.
 */
async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-benefits'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  const port = env.port('BENEFITS_SUBGRAPH_PORT', DEFAULT_PORTS.benefits);
  const tls = tlsFromEnv(env);
  const databaseUrl = env.optional('DATABASE_URL');
  const dataDir = env.string('BENEFITS_DATA_DIR', './data/benefits');
  const schema = env.optional('BENEFITS_DB_SCHEMA');
  const maxConnections = env.int('BENEFITS_DB_POOL_SIZE', 10, { min: 1, max: 200 });
  const statementTimeoutMs = env.int('BENEFITS_DB_TIMEOUT_MS', 5000, { min: 1 });
  const logger = createLogger('benefits', env.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'));

  // runtimeFromEnv would put the idempotency store in BENEFITS_DATA_DIR, the legacy database's PGlite folder: give it its own.
  const runtimeEnv = new EnvReader({ ...process.env, BENEFITS_DATA_DIR: env.string('BENEFITS_STORE_DATA_DIR', path.join('data', 'benefits-store')) });
  const { runtime, sql: store } = await runtimeFromEnv(runtimeEnv, 'benefits', logger);
  const sql = await openSqlClient({ system: 'benefits', databaseUrl, dataDir: databaseUrl ? undefined : dataDir, schema, maxConnections, statementTimeoutMs });
  const running = await buildBenefitsSubgraph({ ...runtime, sql }).listen(port, env.string('BENEFITS_SUBGRAPH_HOST', '127.0.0.1'), tls);
  logger.info('benefits subgraph ready', { url: running.url, engine: sql.engine });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Stopping closes the benefits database; the store and the cache are ours to close.
      running.stop()
        .then(() => Promise.all([store.close(), runtime.cache?.close()]))
        .then(() => process.exit(0), () => process.exit(1));
    });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
