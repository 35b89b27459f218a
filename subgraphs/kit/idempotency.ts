import { ErrorCode } from '../../platform/errors';
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { SqlClient, SqlQueryable } from '../../platform/sql';

/**
 * Idempotent mutations on any SqlClient. A key is inserted first, in the same transaction as
 * the business write: a concurrent retry's insert waits on the row lock, then finds the
 * committed response. So a retried mutation returns the first result and writes nothing twice.
 *
 * Needs the idempotency_keys table: IDEMPOTENCY_TABLE_SQL, or ensureIdempotencyTable(sql).
 */

/** The one definition of the table the store needs; the selfservice store includes it (migration 002). */
export const IDEMPOTENCY_TABLE_SQL = [
  `CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    response     jsonb,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
  )`,
  'CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at)',
  // Tables made before the one clock had a database-clock default; every insert now stamps the request's instant.
  'ALTER TABLE idempotency_keys ALTER COLUMN created_at DROP DEFAULT',
];

/** Creates the table if missing; for services without their own migrations (filing subgraphs). */
export async function ensureIdempotencyTable(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    // Two replicas starting at once must not race on CREATE TABLE.
    if (sql.engine === 'postgres') await tx.query("SELECT pg_advisory_xact_lock(hashtext('citizen-graph:idempotency_keys'))");
    for (const statement of IDEMPOTENCY_TABLE_SQL) await tx.query(statement);
  });
}

export const IDEMPOTENCY_KEY_REUSED = ErrorCode.IDEMPOTENCY_KEY_REUSED;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export interface IdempotentRequest {
  /** Who and what the key belongs to, e.g. "grantExemption:<actor id>": keys never cross scopes. */
  readonly scope: string;
  /** The client's key for this attempt; the same key on a retry. */
  readonly key: string;
  /** The mutation's input; a retry with the same key must send the same input. */
  readonly input: unknown;
  /** The request's instant (ISO), stamped on the key: what purgeOlderThan measures age by. */
  readonly at: string;
}

export class IdempotencyStore {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Runs `write` once per (scope, key) and returns its result as stored (JSON). A retry with
   * the same input gets the stored result without running `write`; a different input fails
   * with IDEMPOTENCY_KEY_REUSED. When `write` throws, nothing is stored and a retry runs again.
   */
  async run<T>(request: IdempotentRequest, write: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    assertKey(request.key);
    const requestHash = hashRequest(request.input);
    return this.sql.transaction(async (tx) => {
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4::timestamptz)
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [request.scope, request.key, requestHash, request.at],
      );
      if (claimed.rows.length === 0) return this.replay<T>(tx, request, requestHash);
      const response = roundTrip(await write(tx));
      await tx.query('UPDATE idempotency_keys SET response = $3::jsonb WHERE scope = $1 AND key = $2', [
        request.scope,
        request.key,
        JSON.stringify(response ?? null),
      ]);
      return response;
    });
  }

  /** Forgets keys older than `before`; a retry after that runs as a new request. */
  async purgeOlderThan(before: Date): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      'WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [before.toISOString()],
    );
    return rows[0].n;
  }

  private async replay<T>(tx: SqlQueryable, request: IdempotentRequest, requestHash: string): Promise<T> {
    const { rows } = await tx.query<{ request_hash: string; response: unknown }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [request.scope, request.key],
    );
    const stored = rows[0];
    if (!stored) throw new Error(`idempotency key ${request.key} vanished while being read (purged during the retry?)`);
    if (stored.request_hash !== requestHash) {
      throw new GraphQLError('This idempotency key was already used for a different request; use a new key for a new request.', {
        extensions: { code: IDEMPOTENCY_KEY_REUSED },
      });
    }
    return stored.response as T;
  }
}

/** SHA-256 of the input as canonical JSON (keys sorted), so key order never matters. */
export function hashRequest(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The first call returns exactly what a retry will get back from the jsonb column. */
function roundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new GraphQLError(`An idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces (a UUID is a good choice).`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
}
