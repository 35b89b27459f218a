import type { SqlQueryable } from '../kit/sql';

export interface UptakePeriod {
  /** First day, ISO (Danish dates). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
  /** Four digits; absent for the whole country. */
  readonly municipalityCode?: string;
}

/**
 * The one uptake figure the outcome tables do not count: distinct citizens with an exemption in
 * force over all grounds. Filings and exemptions by ground are the outcome tables (outcomesStore.ts),
 * so that uptake and outcomes suppress the same cells (uptakeResolvers.ts).
 */
export class UptakeStore {
  constructor(private readonly sql: SqlQueryable) {}

  /** Distinct citizens with an exemption in force on at least one day of the period (revocation ends one). */
  async citizensExempt(period: UptakePeriod): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      `SELECT count(DISTINCT citizen_cpr)::int AS n FROM exemptions
       WHERE valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date)
         AND (revoked_on IS NULL OR revoked_on > greatest(valid_from, $1::date)) AND ($3::text IS NULL OR municipality_code = $3::text)`,
      [period.from, period.to, period.municipalityCode ?? null],
    );
    return rows[0].n;
  }
}
