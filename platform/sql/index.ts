import { randomBytes } from 'node:crypto';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { tracedSqlClient } from '../tracing/sqlSpans';
import { assertIdentifier, assertSystem, quoteIdentifier, type SqlClient, type SqlClientOptions, type SqlQueryable } from './types';

export * from './types';

/** PostgreSQL when a URL is given, else PGlite (on disk under dataDir, or in memory). */
export async function openSqlClient(options: SqlClientOptions): Promise<SqlClient> {
  assertSystem(options.system);
  if (options.schema !== undefined) assertIdentifier('schema', options.schema);
  // A span per statement (platform/tracing/sqlSpans.ts; a no-op while tracing is off).
  return tracedSqlClient(await (options.databaseUrl ? openPostgres(options, options.databaseUrl) : openPglite(options)));
}

/** Creates the schema if it does not exist yet (the search_path may name it before it exists). */
export async function ensureSchema(sql: SqlQueryable, schema: string): Promise<void> {
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
}

/**
 * For tests: a client isolated in a new, randomly named schema on a shared database.
 * close() drops the schema with everything in it.
 */
export async function openThrowawaySchema(
  options: Omit<SqlClientOptions, 'schema'> & { readonly databaseUrl: string; readonly prefix?: string },
): Promise<SqlClient & { readonly schema: string }> {
  const schema = `${options.prefix ?? 'test'}_${randomBytes(6).toString('hex')}`;
  const client = await openSqlClient({ ...options, schema });
  await ensureSchema(client, schema);
  return {
    ...client,
    schema,
    async close() {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      } finally {
        await client.close();
      }
    },
  };
}
