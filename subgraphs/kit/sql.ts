import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Pool, type PoolClient } from 'pg';
import { LegacyError, type LegacyFailureKind } from './errors';

/** Anything statements can be sent to: the client itself, or a transaction in progress. */
export interface SqlQueryable {
  /** One statement; values only ever travel as $1, $2, ... parameters. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

export interface SqlResult<R> {
  readonly rows: R[];
}

/** The one SQL path to a database: PostgreSQL in deployment, PGlite for embedded defaults and tests. */
export interface SqlClient extends SqlQueryable {
  /** The legacy system's name, as errors name it. */
  readonly system: string;
  readonly engine: 'postgres' | 'pglite';
  /** A script of several statements without parameters (schema files). */
  exec(script: string): Promise<void>;
  /** Runs fn in one transaction on one connection; commits on success, rolls back when fn throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One statement as sent, for tests that assert batching on the SQL itself. */
export interface RecordedQuery {
  readonly text: string;
  readonly params: readonly unknown[];
}

export interface SqlClientOptions {
  /** The legacy system's name for errors: "benefits", ... */
  readonly system: string;
  /** PostgreSQL connection URL; when absent, PGlite is used. */
  readonly databaseUrl?: string;
  /** PGlite data directory; when absent too, PGlite runs in memory. */
  readonly dataDir?: string;
  /** The only schema on the search_path of every connection (lets tests isolate themselves). */
  readonly schema?: string;
  /** Called with every statement the caller sends (BEGIN and COMMIT of transaction() are not included). */
  readonly onQuery?: (query: RecordedQuery) => void;
  /** PostgreSQL only: connections in the pool. */
  readonly maxConnections?: number;
  /** PostgreSQL only: how long to wait for a connection. */
  readonly connectTimeoutMs?: number;
  /** PostgreSQL only: the server cancels statements running longer than this. */
  readonly statementTimeoutMs?: number;
}

export const DEFAULT_SQL_CLIENT_OPTIONS = {
  maxConnections: 10,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 10_000,
} as const;

/** A database failure; `sqlState` is the SQLSTATE code when the server sent one. */
export class SqlError extends LegacyError {
  constructor(system: string, kind: LegacyFailureKind, detail: string, readonly sqlState?: string) {
    super(system, kind, detail);
    this.name = 'SqlError';
  }
}

/** PostgreSQL when a URL is given, else PGlite (on disk under dataDir, or in memory). */
export async function openSqlClient(options: SqlClientOptions): Promise<SqlClient> {
  assertSystem(options.system);
  if (options.schema !== undefined) assertIdentifier('schema', options.schema);
  return options.databaseUrl ? openPostgres(options, options.databaseUrl) : openPglite(options);
}

/** Creates the schema if it does not exist yet (the search_path may name it before it exists). */
export async function ensureSchema(sql: SqlQueryable, schema: string): Promise<void> {
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
}

/**
 * For tests: a client isolated in a new, randomly named schema on a shared database.
 * close() drops the schema with everything in it.
 */
export async function openThrowawaySchema(options: Omit<SqlClientOptions, 'schema'> & { readonly databaseUrl: string; readonly prefix?: string }): Promise<SqlClient & { readonly schema: string }> {
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

/** A schema or table name as SQL text; only plain lowercase names are accepted, so quoting cannot be escaped. */
export function quoteIdentifier(name: string): string {
  assertIdentifier('identifier', name);
  return `"${name}"`;
}

function openPostgres(options: SqlClientOptions, databaseUrl: string): SqlClient {
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

/**
 * PGlite runs in a worker thread: its WASM executes statements synchronously, which would
 * stall this thread's event loop, and its loader uses dynamic import(), which Jest's module
 * sandbox refuses. The worker owns the one PGlite connection; messages carry statements.
 */
async function openPglite(options: SqlClientOptions): Promise<SqlClient> {
  const system = options.system;
  // PGlite creates the data folder itself but not its parents.
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const setup = options.schema ? `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}; SET search_path TO ${quoteIdentifier(options.schema)}` : '';
  const worker = new Worker(PGLITE_WORKER_SOURCE, {
    eval: true,
    workerData: { pglitePath: require.resolve('@electric-sql/pglite'), dataDir: options.dataDir, setup },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let closed: string | undefined;
  const failAll = (why: string) => {
    closed ??= why;
    for (const { reject } of pending.values()) reject(new SqlError(system, 'unavailable', why));
    pending.clear();
  };
  worker.on('message', (reply: { id: number; result?: unknown; error?: WorkerError }) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.error) waiting.reject(toSqlError(system, reply.error));
    else waiting.resolve(reply.result);
  });
  worker.on('error', (error) => failAll(`the embedded database failed: ${messageOf(error)}`));
  worker.on('exit', () => failAll('the embedded database is closed'));
  const send = <T>(message: Record<string, unknown>): Promise<T> => {
    if (closed) return Promise.reject(new SqlError(system, 'unavailable', closed));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const record = options.onQuery ?? (() => {});
  const queryOn = (txId: number | undefined) => <R>(text: string, params?: readonly unknown[]) => {
    record({ text, params: params ?? [] });
    return send<SqlResult<R>>({ op: 'query', text, params: params ?? [], txId });
  };

  try {
    await send({ op: 'open' });
  } catch (error) {
    await worker.terminate();
    throw new SqlError(system, 'unavailable', `cannot open PGlite${options.dataDir ? ` at ${options.dataDir}` : ''}: ${messageOf(error)}`);
  }
  return {
    system,
    engine: 'pglite',
    query: queryOn(undefined),
    async exec(script) {
      record({ text: script, params: [] });
      await send({ op: 'exec', text: script });
    },
    async transaction(fn) {
      const txId = await send<number>({ op: 'begin' });
      let result;
      try {
        result = await fn({ query: queryOn(txId) });
      } catch (error) {
        await send({ op: 'rollback', txId }).catch(() => {});
        throw error;
      }
      await send({ op: 'commit', txId });
      return result;
    },
    async close() {
      if (closed) return;
      await send({ op: 'close' }).catch(() => {});
      closed = 'the embedded database is closed';
      await worker.terminate();
    },
  };
}

interface WorkerError {
  readonly message: string;
  readonly code?: string;
  readonly severity?: string;
}

/** The worker's side: one PGlite, statements in arrival order, transactions held open by id. */
const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
let db;
const transactions = new Map();
async function handle(m) {
  if (m.op === 'open') {
    db = workerData.dataDir ? await PGlite.create(workerData.dataDir) : await PGlite.create();
    if (workerData.setup) await db.exec(workerData.setup);
    return null;
  }
  const on = m.txId ? transactions.get(m.txId).tx : db;
  switch (m.op) {
    case 'query': return { rows: (await on.query(m.text, m.params)).rows };
    case 'exec': await on.exec(m.text); return null;
    case 'begin': return new Promise((entered, failed) => {
      const entry = {};
      entry.finished = db.transaction((tx) => new Promise((commit, rollback) => {
        Object.assign(entry, { tx, commit, rollback });
        transactions.set(m.id, entry);
        entered(m.id);
      }));
      entry.finished.catch(failed);
    });
    case 'commit': {
      const entry = transactions.get(m.txId);
      transactions.delete(m.txId);
      entry.commit();
      await entry.finished;
      return null;
    }
    case 'rollback': {
      const entry = transactions.get(m.txId);
      transactions.delete(m.txId);
      entry.rollback(new Error('rolled back'));
      await entry.finished.catch(() => {});
      return null;
    }
    case 'close': await db.close(); return null;
  }
  throw new Error('unknown operation ' + m.op);
}
parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }),
    (e) => parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), code: e && e.code, severity: e && e.severity } }),
  );
});
`;

/** Server errors by SQLSTATE class; anything without one is the connection failing. */
function toSqlError(system: string, error: unknown): LegacyError {
  if (error instanceof LegacyError) return error;
  const sqlState = sqlStateOf(error);
  if (!sqlState) return new SqlError(system, 'unavailable', messageOf(error));
  // 57014 is a statement cancelled by statement_timeout.
  if (sqlState === '57014') return new SqlError(system, 'timeout', `${sqlState} ${messageOf(error)}`, sqlState);
  const unavailable = sqlState.startsWith('08') || sqlState.startsWith('53') || sqlState.startsWith('57P');
  return new SqlError(system, unavailable ? 'unavailable' : 'fault', `${sqlState} ${messageOf(error)}`, sqlState);
}

/** Only errors the server sent carry a severity; Node's socket errors have codes like EPIPE too. */
function sqlStateOf(error: unknown): string | undefined {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function messageOf(error: unknown): string {
  const { code, message: text, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return messageOf(errors[0]);
  const message = typeof text === 'string' ? text : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

function assertSystem(system: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(system)) throw new Error(`openSqlClient: system must be a lowercase name like "benefits", got ${JSON.stringify(system)}`);
}

function assertIdentifier(what: string, name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`openSqlClient: ${what} must be a lowercase SQL name (letters, digits, _), got ${JSON.stringify(name)}`);
}
