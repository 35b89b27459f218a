import { Pool, type PoolClient } from 'pg';
import { DEFAULT_SQL_CLIENT_OPTIONS, type SqlClient, type SqlClientOptions, type SqlResult, toSqlError } from './types';

export function openPostgres(options: SqlClientOptions, databaseUrl: string): SqlClient {
  const system = options.system;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? DEFAULT_SQL_CLIENT_OPTIONS.maxConnections,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_SQL_CLIENT_OPTIONS.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_SQL_CLIENT_OPTIONS.statementTimeoutMs,
    // A startup parameter, so every pooled connection has it before its first statement.
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  // An idle connection that dies is dropped by the pool; the next query reports the outage.
  pool.on('error', () => {});
  const record = options.onQuery ?? (() => {});
  const send = async (on: Pool | PoolClient, text: string, params?: readonly unknown[]) => {
    try {
      return { rows: (await on.query(text, params as unknown[] | undefined)).rows };
    } catch (error) {
      throw toSqlError(system, error);
    }
  };
  const run = (on: Pool | PoolClient, text: string, params?: readonly unknown[]) => {
    record({ text, params: params ?? [] });
    return send(on, text, params);
  };
  let ended = false;

  return {
    system,
    engine: 'postgres',
    query: <R>(text: string, params?: readonly unknown[]) => run(pool, text, params) as Promise<SqlResult<R>>,
    async exec(script) {
      await run(pool, script);
    },
    async transaction(fn) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toSqlError(system, error);
      }
      let broken = false;
      try {
        await send(client, 'BEGIN');
        const result = await fn({ query: <R>(text: string, params?: readonly unknown[]) => run(client, text, params) as Promise<SqlResult<R>> });
        await send(client, 'COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}
