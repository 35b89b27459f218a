import type { SqlQueryable } from '../../platform/sql';
import type { PaymentPosition } from './cursor';
import { applicationChannelCode, benefitTypeCode, legacyDateFromIso, type ApplicationChannel, type BenefitType } from './mapping';

/** A YDL_KRAV row; ids and amounts as digit strings (BIGINT never passes through a float). */
export interface ClaimRow {
  readonly krv_id: string;
  readonly krv_cpr: string;
  readonly krv_type: string;
  readonly krv_stat: string;
  readonly krv_fra_dto: string;
  readonly krv_til_dto: string;
  readonly krv_blb_ore: string;
  readonly krv_rel_cpr: string | null;
}

/** A YDL_UDBET row with its claim's type. */
export interface PaymentRow {
  readonly udb_id: string;
  readonly udb_krv_id: string;
  readonly udb_dto: string;
  readonly udb_blb_ore: string;
  readonly udb_konto: string;
  readonly udb_stat: string;
  readonly krv_type: string;
}

/** A YDL_ANS row. */
export interface ApplicationRow {
  readonly ans_id: string;
  readonly ans_cpr: string;
  readonly ans_type: string;
  readonly ans_dto: string;
  readonly ans_stat: string;
  readonly ans_tekst: string;
  readonly ans_kanal: string;
  readonly ans_ref: string | null;
}

/** One page of a citizen's payments: `limit` rows after `after`, optionally of one claim type (a KRV_TYPE letter). */
export interface CitizenPaymentPageRequest {
  readonly cpr: string;
  readonly typeCode: string | null;
  readonly after: PaymentPosition | null;
  readonly limit: number;
}

export interface ClaimPaymentPageRequest {
  readonly claimId: string;
  readonly after: PaymentPosition | null;
  readonly limit: number;
}

export interface NewApplication {
  readonly cpr: string;
  readonly type: BenefitType;
  /** ISO date the application was received. */
  readonly receivedOn: string;
  readonly text: string;
  readonly channel: ApplicationChannel;
  /** The sender's own reference: sending the same reference again returns the first application. */
  readonly reference?: string;
}

const CLAIM_COLUMNS = `KRV_ID::text AS krv_id, KRV_CPR AS krv_cpr, KRV_TYPE AS krv_type, KRV_STAT AS krv_stat,
  KRV_FRA_DTO AS krv_fra_dto, KRV_TIL_DTO AS krv_til_dto, KRV_BLB_ORE::text AS krv_blb_ore, KRV_REL_CPR AS krv_rel_cpr`;
const PAYMENT_COLUMNS = `u.UDB_ID::text AS udb_id, u.UDB_KRV_ID::text AS udb_krv_id, u.UDB_DTO AS udb_dto,
  u.UDB_BLB_ORE::text AS udb_blb_ore, u.UDB_KONTO AS udb_konto, u.UDB_STAT AS udb_stat, k.KRV_TYPE AS krv_type`;
const APPLICATION_COLUMNS = `ANS_ID::text AS ans_id, ANS_CPR AS ans_cpr, ANS_TYPE AS ans_type, ANS_DTO AS ans_dto,
  ANS_STAT AS ans_stat, ANS_TEKST AS ans_tekst, ANS_KANAL AS ans_kanal, ANS_REF AS ans_ref`;

/**
 * The benefits database's YDL tables. Values travel only as parameters; every read takes
 * many keys at once, so a request over N citizens costs one statement per kind of read.
 * Each statement opens with a comment naming it, for tests and pg_stat_statements.
 */
export class BenefitsRepository {
  constructor(private readonly sql: SqlQueryable) {}

  /** Claims per CPR, newest first; a CPR with none maps to []. */
  async claimsByCprs(cprs: readonly string[]): Promise<Map<string, ClaimRow[]>> {
    const { rows } = await this.sql.query<ClaimRow>(
      `/* benefits:claimsByCpr */ SELECT ${CLAIM_COLUMNS} FROM YDL_KRAV
       WHERE KRV_CPR = ANY($1::bpchar[]) ORDER BY KRV_CPR, KRV_FRA_DTO DESC, KRV_ID DESC`,
      [cprs],
    );
    return groupBy(cprs, rows, (row) => row.krv_cpr);
  }

  /** One page per request, in request order; each is newest first. */
  async paymentPagesByCitizen(requests: readonly CitizenPaymentPageRequest[]): Promise<PaymentRow[][]> {
    const { rows } = await this.sql.query<PaymentRow & { ord: number }>(
      `/* benefits:paymentPagesByCpr */ SELECT r.ord::int AS ord, p.* FROM
         unnest($1::bpchar[], $2::bpchar[], $3::bpchar[], $4::bigint[], $5::int[]) WITH ORDINALITY AS r(cpr, typ, after_dto, after_id, lim, ord)
       CROSS JOIN LATERAL (
         SELECT ${PAYMENT_COLUMNS} FROM YDL_KRAV k JOIN YDL_UDBET u ON u.UDB_KRV_ID = k.KRV_ID
         WHERE k.KRV_CPR = r.cpr
           AND (r.typ IS NULL OR k.KRV_TYPE = r.typ)
           AND (r.after_dto IS NULL OR (u.UDB_DTO, u.UDB_ID) < (r.after_dto, r.after_id))
         ORDER BY u.UDB_DTO DESC, u.UDB_ID DESC LIMIT r.lim
       ) p
       ORDER BY r.ord, p.udb_dto DESC, p.udb_id::bigint DESC`,
      [
        requests.map((r) => r.cpr),
        requests.map((r) => r.typeCode),
        requests.map((r) => r.after?.date ?? null),
        requests.map((r) => r.after?.id ?? null),
        requests.map((r) => r.limit),
      ],
    );
    return byOrdinal(requests.length, rows);
  }

  /** One page per request, in request order; each is newest first. */
  async paymentPagesByClaim(requests: readonly ClaimPaymentPageRequest[]): Promise<PaymentRow[][]> {
    const { rows } = await this.sql.query<PaymentRow & { ord: number }>(
      `/* benefits:paymentPagesByClaim */ SELECT r.ord::int AS ord, p.* FROM
         unnest($1::bigint[], $2::bpchar[], $3::bigint[], $4::int[]) WITH ORDINALITY AS r(claim_id, after_dto, after_id, lim, ord)
       CROSS JOIN LATERAL (
         SELECT ${PAYMENT_COLUMNS} FROM YDL_UDBET u JOIN YDL_KRAV k ON k.KRV_ID = u.UDB_KRV_ID
         WHERE u.UDB_KRV_ID = r.claim_id
           AND (r.after_dto IS NULL OR (u.UDB_DTO, u.UDB_ID) < (r.after_dto, r.after_id))
         ORDER BY u.UDB_DTO DESC, u.UDB_ID DESC LIMIT r.lim
       ) p
       ORDER BY r.ord, p.udb_dto DESC, p.udb_id::bigint DESC`,
      [requests.map((r) => r.claimId), requests.map((r) => r.after?.date ?? null), requests.map((r) => r.after?.id ?? null), requests.map((r) => r.limit)],
    );
    return byOrdinal(requests.length, rows);
  }

  /** Payment counts per CPR, by claim type letter; a plain object, so it survives the cache's JSON. */
  async paymentCountsByCprs(cprs: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const { rows } = await this.sql.query<{ cpr: string; typ: string; n: number }>(
      `/* benefits:paymentCountsByCpr */ SELECT k.KRV_CPR AS cpr, k.KRV_TYPE AS typ, count(*)::int AS n
       FROM YDL_KRAV k JOIN YDL_UDBET u ON u.UDB_KRV_ID = k.KRV_ID
       WHERE k.KRV_CPR = ANY($1::bpchar[]) GROUP BY k.KRV_CPR, k.KRV_TYPE`,
      [cprs],
    );
    const counts = new Map(cprs.map((cpr) => [cpr, {} as Record<string, number>]));
    for (const row of rows) {
      const byType = counts.get(row.cpr);
      if (byType) byType[row.typ] = row.n;
    }
    return counts;
  }

  async paymentCountsByClaims(claimIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.sql.query<{ claim_id: string; n: number }>(
      `/* benefits:paymentCountsByClaim */ SELECT UDB_KRV_ID::text AS claim_id, count(*)::int AS n
       FROM YDL_UDBET WHERE UDB_KRV_ID = ANY($1::bigint[]) GROUP BY UDB_KRV_ID`,
      [claimIds],
    );
    const counts = new Map(claimIds.map((id) => [id, 0]));
    for (const row of rows) counts.set(row.claim_id, row.n);
    return counts;
  }

  async applicationsByCprs(cprs: readonly string[]): Promise<Map<string, ApplicationRow[]>> {
    const { rows } = await this.sql.query<ApplicationRow>(
      `/* benefits:applicationsByCpr */ SELECT ${APPLICATION_COLUMNS} FROM YDL_ANS
       WHERE ANS_CPR = ANY($1::bpchar[]) ORDER BY ANS_CPR, ANS_DTO DESC, ANS_ID DESC`,
      [cprs],
    );
    return groupBy(cprs, rows, (row) => row.ans_cpr);
  }

  /**
   * Records an application (status M, received). With a reference, a retry returns the row
   * first stored under it (`created: false`), whatever the retry carried.
   */
  async insertApplication(application: NewApplication): Promise<{ application: ApplicationRow; created: boolean }> {
    assertApplication(application);
    const { rows } = await this.sql.query<ApplicationRow>(
      `/* benefits:insertApplication */ INSERT INTO YDL_ANS (ANS_CPR, ANS_TYPE, ANS_DTO, ANS_STAT, ANS_TEKST, ANS_KANAL, ANS_REF)
       VALUES ($1, $2, $3, 'M', $4, $5, $6) ON CONFLICT (ANS_REF) DO NOTHING RETURNING ${APPLICATION_COLUMNS}`,
      [
        application.cpr,
        benefitTypeCode(application.type),
        legacyDateFromIso(application.receivedOn),
        application.text,
        applicationChannelCode(application.channel),
        application.reference ?? null,
      ],
    );
    if (rows.length > 0) return { application: rows[0], created: true };
    const existing = await this.sql.query<ApplicationRow>(
      `/* benefits:applicationByReference */ SELECT ${APPLICATION_COLUMNS} FROM YDL_ANS WHERE ANS_REF = $1`,
      [application.reference],
    );
    return { application: existing.rows[0], created: false };
  }
}

function assertApplication(application: NewApplication): void {
  if (!/^\d{10}$/.test(application.cpr)) throw new Error('insertApplication: cpr must be ten digits');
  if (application.text.length > 2000) throw new Error(`insertApplication: text holds at most 2000 characters (ANS_TEKST), got ${application.text.length}`);
  if (application.reference !== undefined && !/^[\x21-\x7e]{1,64}$/.test(application.reference)) {
    throw new Error('insertApplication: reference must be 1 to 64 printable ASCII characters without spaces (ANS_REF)');
  }
}

function groupBy<R>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map(keys.map((key) => [key, [] as R[]]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return groups;
}

function byOrdinal(count: number, rows: readonly (PaymentRow & { ord: number })[]): PaymentRow[][] {
  const pages: PaymentRow[][] = Array.from({ length: count }, () => []);
  for (const { ord, ...row } of rows) pages[ord - 1].push(row);
  return pages;
}
