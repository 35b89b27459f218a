import type { SqlQueryable } from '../../../platform/sql';
import { IN_FORCE_IN_PERIOD } from '../outcomes/outcomesStore';

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
       WHERE ${IN_FORCE_IN_PERIOD} AND ($3::text IS NULL OR municipality_code = $3::text)`,
      [period.from, period.to, period.municipalityCode ?? null],
    );
    return rows[0].n;
  }
}
