import { randomUUID } from 'node:crypto';
import type { Action } from '../../../domain/caller/types';
import type { SqlQueryable } from '../../../platform/sql';
import { isUuid } from '../exemptions/exemptionStore';
import { dateOrNull, isoInstant, isoInstantOrNull, textOrNull } from '../store/rows';

export interface DelegationRecord {
  readonly id: string;
  readonly grantorCpr: string;
  readonly holderCpr: string;
  /** Service codes from the catalogue. */
  readonly services: string[];
  readonly actions: Action[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedOn: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  /** Who ended it early: the grantor revoked it, or the holder renounced it; null while it runs its course. */
  readonly endedBy: DelegationParty | null;
}

/** The two sides of a power of attorney. */
export type DelegationParty = 'GRANTOR' | 'HOLDER';

export type NewDelegation = Pick<DelegationRecord, 'grantorCpr' | 'holderCpr' | 'services' | 'actions' | 'validFrom' | 'validTo'>;

const COLUMNS = `id::text AS id, grantor_cpr, holder_cpr, services, actions, valid_from::text AS valid_from,
  valid_to::text AS valid_to, created_at, created_by, revoked_on::text AS revoked_on, revoked_at, revoked_by, ended_by`;

/** Digital powers of attorney; a revoked one stays as history. Writes take the caller's transaction. */
export class DelegationStore {
  constructor(private readonly sql: SqlQueryable) {}

  /** Every delegation each citizen granted (or holds), newest first; every key present. */
  async forCitizens(side: 'grantor' | 'holder', cprs: readonly string[]): Promise<Map<string, DelegationRecord[]>> {
    const column = side === 'grantor' ? 'grantor_cpr' : 'holder_cpr';
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM delegations WHERE ${column} = ANY($1::text[]) ORDER BY created_at DESC, id`, [cprs]);
    const found = new Map<string, DelegationRecord[]>(cprs.map((cpr) => [cpr, []]));
    for (const record of rows.map(toRecord)) found.get(side === 'grantor' ? record.grantorCpr : record.holderCpr)?.push(record);
    return found;
  }

  /** Delegations from `grantorCpr` to `holderCpr` in force on `day`. */
  async inForceOn(holderCpr: string, grantorCpr: string, day: string): Promise<DelegationRecord[]> {
    const { rows } = await this.sql.query(
      `SELECT ${COLUMNS} FROM delegations
       WHERE holder_cpr = $1 AND grantor_cpr = $2 AND valid_from <= $3::date AND valid_to >= $3::date
         AND (revoked_on IS NULL OR revoked_on > $3::date)
       ORDER BY created_at, id`,
      [holderCpr, grantorCpr, day],
    );
    return rows.map(toRecord);
  }

  /** Which of `grantorCprs` granted `holderCpr` a delegation in force on `day`: one statement for a whole request. */
  async grantorsInForce(holderCpr: string, grantorCprs: readonly string[], day: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ grantor_cpr: string }>(
      `SELECT DISTINCT grantor_cpr FROM delegations
       WHERE holder_cpr = $1 AND grantor_cpr = ANY($2::text[]) AND valid_from <= $3::date AND valid_to >= $3::date
         AND (revoked_on IS NULL OR revoked_on > $3::date)`,
      [holderCpr, grantorCprs, day],
    );
    return rows.map((r) => String(r.grantor_cpr));
  }

  async lock(tx: SqlQueryable, id: string): Promise<DelegationRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await tx.query(`SELECT ${COLUMNS} FROM delegations WHERE id = $1::uuid FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async grant(tx: SqlQueryable, delegation: NewDelegation, createdBy: string, at: Date): Promise<DelegationRecord> {
    const { rows } = await tx.query(
      `INSERT INTO delegations (id, grantor_cpr, holder_cpr, services, actions, valid_from, valid_to, created_at, created_by)
       VALUES ($1, $2, $3, $4::text[], $5::text[], $6::date, $7::date, $8, $9) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        delegation.grantorCpr,
        delegation.holderCpr,
        delegation.services,
        delegation.actions,
        delegation.validFrom,
        delegation.validTo,
        at.toISOString(),
        createdBy,
      ],
    );
    return toRecord(rows[0]);
  }

  /** Ends it from today: revoked by the grantor, or renounced by the holder (`endedBy`); `revokedBy` is who did it. */
  async revoke(tx: SqlQueryable, id: string, revokedBy: string, at: Date, today: string, endedBy: DelegationParty): Promise<DelegationRecord> {
    const { rows } = await tx.query(
      `UPDATE delegations SET revoked_on = $2::date, revoked_at = $3, revoked_by = $4, ended_by = $5 WHERE id = $1::uuid RETURNING ${COLUMNS}`,
      [id, today, at.toISOString(), revokedBy, endedBy],
    );
    return toRecord(rows[0]);
  }
}

function toRecord(row: Record<string, unknown>): DelegationRecord {
  return {
    id: String(row.id),
    grantorCpr: String(row.grantor_cpr),
    holderCpr: String(row.holder_cpr),
    services: [...(row.services as string[])],
    actions: [...(row.actions as Action[])],
    validFrom: String(row.valid_from),
    validTo: String(row.valid_to),
    createdAt: isoInstant(row.created_at),
    createdBy: String(row.created_by),
    revokedOn: dateOrNull(row.revoked_on),
    revokedAt: isoInstantOrNull(row.revoked_at),
    revokedBy: textOrNull(row.revoked_by),
    endedBy: textOrNull(row.ended_by) as DelegationParty | null,
  };
}
