import type { Channel } from '../kit/caller/types';
import type { SqlQueryable } from '../kit/sql';
import type { ExemptionReason } from './exemptionStore';

export interface UptakePeriod {
  /** First day, ISO (Danish dates). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
  /** Four digits; absent for the whole country. */
  readonly municipalityCode?: string;
}

export interface FilingCount {
  readonly service: string;
  readonly channel: Channel;
  readonly count: number;
}

export interface ExemptionCount {
  readonly reason: ExemptionReason;
  readonly exemptions: number;
  readonly citizens: number;
}

/** The uptake figures, counted in SQL: filings per service and channel, exemptions in force. */
export class UptakeStore {
  constructor(private readonly sql: SqlQueryable) {}

  async filings(period: UptakePeriod): Promise<FilingCount[]> {
    const { rows } = await this.sql.query<{ service: string; channel: Channel; count: number }>(
      `SELECT service, channel, count(*)::int AS count FROM filings
       WHERE filed_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR municipality_code = $3::text)
       GROUP BY service, channel ORDER BY service, channel`,
      [period.from, period.to, period.municipalityCode ?? null],
    );
    return rows;
  }

  /** Exemptions in force on at least one day of the period (revocation ends one), by reason. */
  async exemptionsInForce(period: UptakePeriod): Promise<{ byReason: ExemptionCount[]; citizens: number }> {
    const filter = `valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date)
      AND (revoked_on IS NULL OR revoked_on > greatest(valid_from, $1::date)) AND ($3::text IS NULL OR municipality_code = $3::text)`;
    const params = [period.from, period.to, period.municipalityCode ?? null];
    const [byReason, citizens] = await Promise.all([
      this.sql.query<ExemptionCount>(
        `SELECT reason, count(*)::int AS exemptions, count(DISTINCT citizen_cpr)::int AS citizens FROM exemptions
         WHERE ${filter} GROUP BY reason ORDER BY reason`,
        params,
      ),
      this.sql.query<{ n: number }>(`SELECT count(DISTINCT citizen_cpr)::int AS n FROM exemptions WHERE ${filter}`, params),
    ]);
    return { byReason: byReason.rows, citizens: citizens.rows[0].n };
  }
}
