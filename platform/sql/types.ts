import { LegacyError, type LegacyFailureKind } from '../errors';

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
  constructor(
    system: string,
    kind: LegacyFailureKind,
    detail: string,
    readonly sqlState?: string,
  ) {
    super(system, kind, detail);
    this.name = 'SqlError';
  }
}

/** Server errors by SQLSTATE class; anything without one is the connection failing. */
export function toSqlError(system: string, error: unknown): LegacyError {
  if (error instanceof LegacyError) return error;
  const sqlState = sqlStateOf(error);
  if (!sqlState) return new SqlError(system, 'unavailable', sqlMessageOf(error));
  // 57014 is a statement cancelled by statement_timeout.
  if (sqlState === '57014') return new SqlError(system, 'timeout', `${sqlState} ${sqlMessageOf(error)}`, sqlState);
  const unavailable = sqlState.startsWith('08') || sqlState.startsWith('53') || sqlState.startsWith('57P');
  return new SqlError(system, unavailable ? 'unavailable' : 'fault', `${sqlState} ${sqlMessageOf(error)}`, sqlState);
}

/** Only errors the server sent carry a severity; Node's socket errors have codes like EPIPE too. */
function sqlStateOf(error: unknown): string | undefined {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function sqlMessageOf(error: unknown): string {
  const { code, message: text, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return sqlMessageOf(errors[0]);
  const message = typeof text === 'string' ? text : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

export function assertSystem(system: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(system)) throw new Error(`openSqlClient: system must be a lowercase name like "benefits", got ${JSON.stringify(system)}`);
}

export function assertIdentifier(what: string, name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`openSqlClient: ${what} must be a lowercase SQL name (letters, digits, _), got ${JSON.stringify(name)}`);
}

/** A schema or table name as SQL text; only plain lowercase names are accepted, so quoting cannot be escaped. */
export function quoteIdentifier(name: string): string {
  assertIdentifier('identifier', name);
  return `"${name}"`;
}
