import { runService } from '../../platform/serviceProcess';
import { EnvReader } from '../../platform/env';
import { createLogger } from '../../platform/logger';
import { runtimeFromEnv } from '../kit/runtime';
import { openSqlClient } from '../../platform/sql';
import { tlsFromEnv } from '../../platform/tls';
import { serviceConfig } from './config';
import { buildBenefitsSubgraph } from './server';
import { startTracingFromEnv } from '../../platform/tracing';

/**
 * The benefits subgraph as a service. DATABASE_URL selects PostgreSQL (BENEFITS_DB_SCHEMA
 * picks the schema); without it the embedded PGlite database under BENEFITS_DATA_DIR is used.
 * Install the database first (legacy/benefits/main.ts). Caller-context key, cache, selfservice
 * and idempotency store: see runtimeFromEnv.
 */
runService('benefits subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-benefits'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime); config has already checked every variable.
  const env = new EnvReader(process.env);
  const port = config.BENEFITS_SUBGRAPH_PORT;
  const tls = tlsFromEnv(env);
  const databaseUrl = config.DATABASE_URL;
  const dataDir = config.BENEFITS_DATA_DIR;
  const schema = config.BENEFITS_DB_SCHEMA;
  const maxConnections = config.BENEFITS_DB_POOL_SIZE;
  const statementTimeoutMs = config.BENEFITS_DB_TIMEOUT_MS;
  const logger = createLogger('benefits', config.LOG_LEVEL);

  // runtimeFromEnv would put the idempotency store in BENEFITS_DATA_DIR, the legacy database's PGlite folder: give it its own.
  const runtimeEnv = new EnvReader({ ...process.env, BENEFITS_DATA_DIR: config.BENEFITS_STORE_DATA_DIR });
  const { runtime, sql: store } = await runtimeFromEnv(runtimeEnv, 'benefits', logger);
  const sql = await openSqlClient({ system: 'benefits', databaseUrl, dataDir: databaseUrl ? undefined : dataDir, schema, maxConnections, statementTimeoutMs });
  const running = await buildBenefitsSubgraph({ ...runtime, sql }).listen(port, config.BENEFITS_SUBGRAPH_HOST, tls);
  logger.info('benefits subgraph ready', { url: running.url, engine: sql.engine });
  return async () => {
    // Stopping closes the benefits database; the store and the cache are ours to close.
    await running.stop();
    await Promise.all([store.close(), runtime.cache?.close()]);
  };
});
