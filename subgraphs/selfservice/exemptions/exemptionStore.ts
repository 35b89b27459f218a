import { randomUUID } from 'node:crypto';
import type { SqlQueryable } from '../../../platform/sql';
import { dateOrNull, isoInstant, isoInstantOrNull, textOrNull } from '../store/rows';

/** The legal grounds for an exemption from mandatory digital self-service. */
export const EXEMPTION_REASONS = [
  'DISABILITY',
  'LACKING_DIGITAL_SKILLS',
  'SOCIALLY_VULNERABLE',
  'LANGUAGE_DIFFICULTIES',
  'NO_DIGITAL_ID',
  'NO_INTERNET_AT_HOME',
  'NO_FIXED_ADDRESS',
] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

export interface ExemptionRecord {
  readonly id: string;
  readonly citizenCpr: string;
  readonly reason: ExemptionReason;
  readonly allAuthorities: boolean;
  /** Empty when allAuthorities. */
  readonly authorities: string[];
  readonly validFrom: string;
  /** null: open-ended. */
  readonly validTo: string | null;
  readonly municipalityCode: string | null;
  readonly grantedBy: string;
  readonly grantedByAuthority: string;
  readonly grantedAt: string;
  readonly revokedOn: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

export type ExemptionEventKind = 'GRANTED' | 'RENEWED' | 'REVOKED';

export interface ExemptionEvent {
  readonly exemptionId: string;
  readonly kind: ExemptionEventKind;
  readonly at: string;
  readonly actorId: string;
  readonly actorAuthority: string | null;
  /** The end date after this event. */
  readonly validTo: string | null;
  readonly note: string | null;
}

/** Who changes an exemption: a caseworker of an authority, at an instant, on a Danish date. */
export interface ExemptionChange {
  readonly actorId: string;
  readonly actorAuthority: string;
  readonly at: Date;
  readonly today: string;
  readonly note?: string | null;
}

export type NewExemption = Pick<ExemptionRecord, 'citizenCpr' | 'reason' | 'allAuthorities' | 'authorities' | 'validFrom' | 'validTo' | 'municipalityCode'>;

const COLUMNS = `id::text AS id, citizen_cpr, reason, all_authorities, authorities, valid_from::text AS valid_from,
  valid_to::text AS valid_to, municipality_code, granted_by, granted_by_authority, granted_at,
  revoked_on::text AS revoked_on, revoked_at, revoked_by`;

/** Exemptions and their history. Reads use the client; writes take the caller's transaction. */
export class ExemptionStore {
  constructor(private readonly sql: SqlQueryable) {}

  /** Every exemption of each citizen (history included), newest first; every key present. */
  async forCitizens(cprs: readonly string[]): Promise<Map<string, ExemptionRecord[]>> {
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM exemptions WHERE citizen_cpr = ANY($1::text[]) ORDER BY granted_at DESC, id`, [cprs]);
    const found = new Map<string, ExemptionRecord[]>(cprs.map((cpr) => [cpr, []]));
    for (const row of rows.map(toRecord)) found.get(row.citizenCpr)?.push(row);
    return found;
  }

  /** Exemptions of one citizen in force on `day` (not revoked by then). */
  async inForceOn(cpr: string, day: string): Promise<ExemptionRecord[]> {
    const { rows } = await this.sql.query(
      `SELECT ${COLUMNS} FROM exemptions
       WHERE citizen_cpr = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
         AND (revoked_on IS NULL OR revoked_on > $2::date)
       ORDER BY granted_at, id`,
      [cpr, day],
    );
    return rows.map(toRecord);
  }

  /** Events of each exemption, oldest first; every key present. */
  async eventsFor(ids: readonly string[]): Promise<Map<string, ExemptionEvent[]>> {
    const { rows } = await this.sql.query(
      `SELECT exemption_id::text AS exemption_id, kind, at, actor_id, actor_authority, valid_to::text AS valid_to, note
       FROM exemption_events WHERE exemption_id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    const found = new Map<string, ExemptionEvent[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      found.get(String(row.exemption_id))?.push({
        exemptionId: String(row.exemption_id),
        kind: row.kind as ExemptionEventKind,
        at: isoInstant(row.at),
        actorId: String(row.actor_id),
        actorAuthority: textOrNull(row.actor_authority),
        validTo: dateOrNull(row.valid_to),
        note: textOrNull(row.note),
      });
    }
    return found;
  }

  /** Locks and reads one exemption inside the caller's transaction. */
  async lock(tx: SqlQueryable, id: string): Promise<ExemptionRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await tx.query(`SELECT ${COLUMNS} FROM exemptions WHERE id = $1::uuid FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async grant(tx: SqlQueryable, exemption: NewExemption, change: ExemptionChange): Promise<ExemptionRecord> {
    const id = randomUUID();
    const { rows } = await tx.query(
      `INSERT INTO exemptions (id, citizen_cpr, reason, all_authorities, authorities, valid_from, valid_to, municipality_code,
         granted_by, granted_by_authority, granted_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6::date, $7::date, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        id,
        exemption.citizenCpr,
        exemption.reason,
        exemption.allAuthorities,
        exemption.authorities,
        exemption.validFrom,
        exemption.validTo,
        exemption.municipalityCode,
        change.actorId,
        change.actorAuthority,
        change.at.toISOString(),
      ],
    );
    await addEvent(tx, id, 'GRANTED', change, exemption.validTo);
    return toRecord(rows[0]);
  }

  async renew(tx: SqlQueryable, id: string, validTo: string | null, change: ExemptionChange): Promise<ExemptionRecord> {
    const { rows } = await tx.query(`UPDATE exemptions SET valid_to = $2::date WHERE id = $1::uuid RETURNING ${COLUMNS}`, [id, validTo]);
    await addEvent(tx, id, 'RENEWED', change, validTo);
    return toRecord(rows[0]);
  }

  async revoke(tx: SqlQueryable, id: string, change: ExemptionChange): Promise<ExemptionRecord> {
    const { rows } = await tx.query(`UPDATE exemptions SET revoked_on = $2::date, revoked_at = $3, revoked_by = $4 WHERE id = $1::uuid RETURNING ${COLUMNS}`, [
      id,
      change.today,
      change.at.toISOString(),
      change.actorId,
    ]);
    const record = toRecord(rows[0]);
    await addEvent(tx, id, 'REVOKED', change, record.validTo);
    return record;
  }
}

async function addEvent(tx: SqlQueryable, id: string, kind: ExemptionEventKind, change: ExemptionChange, validTo: string | null): Promise<void> {
  await tx.query(
    'INSERT INTO exemption_events (exemption_id, kind, at, actor_id, actor_authority, valid_to, note) VALUES ($1::uuid, $2, $3, $4, $5, $6::date, $7)',
    [id, kind, change.at.toISOString(), change.actorId, change.actorAuthority, validTo, change.note ?? null],
  );
}

export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

function toRecord(row: Record<string, unknown>): ExemptionRecord {
  return {
    id: String(row.id),
    citizenCpr: String(row.citizen_cpr),
    reason: row.reason as ExemptionReason,
    allAuthorities: Boolean(row.all_authorities),
    authorities: [...(row.authorities as string[])],
    validFrom: String(row.valid_from),
    validTo: dateOrNull(row.valid_to),
    municipalityCode: textOrNull(row.municipality_code),
    grantedBy: String(row.granted_by),
    grantedByAuthority: String(row.granted_by_authority),
    grantedAt: isoInstant(row.granted_at),
    revokedOn: dateOrNull(row.revoked_on),
    revokedAt: isoInstantOrNull(row.revoked_at),
    revokedBy: textOrNull(row.revoked_by),
  };
}
