import type { AccessLogEntry, AccessRole } from '../client/selfserviceClient';
import type { Domain } from '../../../domain/caller/types';
import type { SqlQueryable } from '../../../platform/sql';
import { isoInstant, textOrNull } from '../store/rows';

export interface AccessLogRecord {
  readonly id: string;
  readonly subjectCpr: string;
  readonly at: string;
  readonly actorId: string;
  readonly actorRole: AccessRole;
  readonly actorAuthority: string | null;
  /** Who, by name, as written with the entry; null for entries from before names were recorded. */
  readonly actorName: string | null;
  readonly domain: Domain;
  readonly operation: string;
  readonly requestId: string;
}

/** Where a page starts: after this entry in newest-first order. */
export interface AccessLogPosition {
  readonly at: string;
  readonly id: string;
}

export interface AccessLogPage {
  readonly entries: AccessLogRecord[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

/** The access log ("Min Log"): append-only, read newest first. */
export class AccessLogStore {
  constructor(private readonly sql: SqlQueryable) {}

  /**
   * All entries in one statement (arrays unnested), so a request's log costs one round trip.
   * `recordedAt` is when the store wrote them (the selfservice clock); each entry's `at` is its request's instant.
   * `tx` writes them within a change's own transaction (both or neither).
   */
  async append(entries: readonly AccessLogEntry[], recordedAt: Date, tx: SqlQueryable = this.sql): Promise<void> {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO access_log (subject_cpr, at, actor_id, actor_role, actor_authority, domain, operation, request_id, actor_name, recorded_at)
       SELECT *, $10::timestamptz FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [
        entries.map((e) => e.subjectCpr),
        entries.map((e) => e.at),
        entries.map((e) => e.actorId),
        entries.map((e) => e.actorRole),
        entries.map((e) => e.actorAuthority ?? null),
        entries.map((e) => e.domain),
        entries.map((e) => e.operation),
        entries.map((e) => e.requestId),
        entries.map((e) => e.actorName ?? null),
        recordedAt.toISOString(),
      ],
    );
  }

  async page(subjectCpr: string, first: number, after?: AccessLogPosition): Promise<AccessLogPage> {
    const params: unknown[] = [subjectCpr, first + 1];
    let where = 'subject_cpr = $1';
    if (after) {
      params.push(after.at, after.id);
      where += ' AND (at, id) < ($3::timestamptz, $4::bigint)';
    }
    const [{ rows }, count] = await Promise.all([
      this.sql.query(
        `SELECT id::text AS id, subject_cpr, at, actor_id, actor_role, actor_authority, actor_name, domain, operation, request_id
         FROM access_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT $2`,
        params,
      ),
      this.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log WHERE subject_cpr = $1', [subjectCpr]),
    ]);
    return { entries: rows.slice(0, first).map(toRecord), hasNextPage: rows.length > first, totalCount: count.rows[0].n };
  }
}

function toRecord(row: Record<string, unknown>): AccessLogRecord {
  return {
    id: String(row.id),
    subjectCpr: String(row.subject_cpr),
    at: isoInstant(row.at),
    actorId: String(row.actor_id),
    actorRole: row.actor_role as AccessRole,
    actorAuthority: textOrNull(row.actor_authority),
    actorName: textOrNull(row.actor_name),
    domain: row.domain as Domain,
    operation: String(row.operation),
    requestId: String(row.request_id),
  };
}
