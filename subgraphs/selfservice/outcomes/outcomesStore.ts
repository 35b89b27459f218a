import type { Channel } from '../../../domain/caller/types';
import type { SqlQueryable } from '../../../platform/sql';
import type { ExemptionReason } from '../exemptions/exemptionStore';

/** What the outcome figures may be broken down by; each maps to one fixed SQL expression. */
export type OutcomeDimension = 'SERVICE' | 'WAVE' | 'MUNICIPALITY';

const DIMENSION_SQL: Readonly<Record<OutcomeDimension, string>> = {
  SERVICE: 'f.service',
  WAVE: 'w.wave',
  MUNICIPALITY: 'f.municipality_code',
};

/**
 * An exemption in force on at least one day of the period $1..$2 (revocation ends one): the one
 * rule outcomes and uptake count by, so both suppress the same cells.
 */
export const IN_FORCE_IN_PERIOD = `valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date) AND (revoked_on IS NULL OR revoked_on > greatest(valid_from, $1::date))`;

export interface OutcomePeriod {
  readonly from: string;
  readonly to: string;
}

/** One group's filings; channel null for all channels of the group. */
export interface FilingGroup {
  readonly key: readonly (string | number | null)[];
  readonly channel: Channel | null;
  readonly filings: number;
  readonly citizens: number;
  /** Øre, as a decimal string. */
  readonly savingOre: string;
}

/** The policy data the filings are counted against, passed in as parameters (never held in SQL). */
export interface FilingPricing {
  /** Service code -> its wave (null when none). */
  readonly waves: ReadonlyMap<string, number | null>;
  /** One saving per service and channel, in øre. */
  readonly savings: readonly { service: string; channel: Channel; ore: bigint }[];
}

export interface ExemptionFigure {
  readonly municipalityCode: string | null;
  readonly reason: ExemptionReason;
  readonly inForce: number;
  readonly inForceCitizens: number;
  readonly granted: number;
  readonly grantedCitizens: number;
  readonly expired: number;
  readonly expiredCitizens: number;
}

export interface RatingGroup {
  readonly service: string;
  readonly channel: Channel;
  readonly ratings: number;
  readonly citizens: number;
  readonly average: number;
}

/** The outcome figures, counted in SQL; suppression and shaping happen in outcomes.ts. */
export class OutcomesStore {
  constructor(private readonly sql: SqlQueryable) {}

  /**
   * Filings per group and channel, and per group over all channels (GROUPING SETS), with distinct
   * citizens and savings; in a fixed order, so the same table is always suppressed the same way
   * (outcomes and uptake count the same tables).
   */
  async filings(period: OutcomePeriod, groupBy: readonly OutcomeDimension[], pricing: FilingPricing): Promise<FilingGroup[]> {
    const dims = groupBy.map((d) => DIMENSION_SQL[d]);
    const select = dims.map((expr, i) => `${expr} AS d${i}`).join(', ');
    const [services, waves] = [[...pricing.waves.keys()], [...pricing.waves.values()]];
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `WITH w AS (SELECT * FROM unnest($3::text[], $4::int[]) AS w(service, wave)),
            s AS (SELECT * FROM unnest($5::text[], $6::text[], $7::bigint[]) AS s(service, channel, saving_ore))
       SELECT ${select ? `${select}, ` : ''}f.channel AS channel, GROUPING(f.channel)::int AS all_channels,
              count(*)::int AS filings, count(DISTINCT f.subject_cpr)::int AS citizens, coalesce(sum(s.saving_ore), 0)::text AS saving_ore
       FROM filings f LEFT JOIN w ON w.service = f.service LEFT JOIN s ON s.service = f.service AND s.channel = f.channel
       WHERE f.filed_on BETWEEN $1::date AND $2::date
       GROUP BY GROUPING SETS ((${[...dims, 'f.channel'].join(', ')}), (${dims.join(', ')}))
       ORDER BY ${[...dims, 'f.channel'].map((e) => `${e} NULLS FIRST`).join(', ')}`,
      [
        period.from,
        period.to,
        services,
        waves,
        pricing.savings.map((s) => s.service),
        pricing.savings.map((s) => s.channel),
        pricing.savings.map((s) => s.ore.toString()),
      ],
    );
    return rows.map((row) => ({
      key: groupBy.map((_, i) => row[`d${i}`] as string | number | null).map((v) => (typeof v === 'string' ? v.trim() : v)),
      channel: row.all_channels === 1 ? null : (row.channel as Channel),
      filings: row.filings as number,
      citizens: row.citizens as number,
      savingOre: row.saving_ore as string,
    }));
  }

  /** Filings (as filings()) in each of several breakdowns, by breakdown joined with ",". */
  async filingTables(period: OutcomePeriod, breakdowns: readonly (readonly OutcomeDimension[])[], pricing: FilingPricing): Promise<Map<string, FilingGroup[]>> {
    const tables = await Promise.all(breakdowns.map((b) => this.filings(period, b, pricing)));
    return new Map(breakdowns.map((b, i) => [b.join(','), tables[i]]));
  }

  /**
   * Exemptions by reason (and municipality when asked): in force on at least one day of the
   * period, granted in it, and expired in it (last day inside the period, not revoked before).
   */
  async exemptions(period: OutcomePeriod, byMunicipality: boolean): Promise<ExemptionFigure[]> {
    const inForce = IN_FORCE_IN_PERIOD;
    const granted = `granted_at_day BETWEEN $1::date AND $2::date`;
    const expired = `valid_to BETWEEN $1::date AND $2::date AND (revoked_on IS NULL OR revoked_on > valid_to)`;
    const municipality = byMunicipality ? 'municipality_code' : 'NULL::text';
    const { rows } = await this.sql.query<ExemptionFigure>(
      `WITH e AS (SELECT *, (granted_at AT TIME ZONE 'Europe/Copenhagen')::date AS granted_at_day FROM exemptions)
       SELECT ${municipality} AS "municipalityCode", reason,
         count(*) FILTER (WHERE ${inForce})::int AS "inForce", count(DISTINCT citizen_cpr) FILTER (WHERE ${inForce})::int AS "inForceCitizens",
         count(*) FILTER (WHERE ${granted})::int AS granted, count(DISTINCT citizen_cpr) FILTER (WHERE ${granted})::int AS "grantedCitizens",
         count(*) FILTER (WHERE ${expired})::int AS expired, count(DISTINCT citizen_cpr) FILTER (WHERE ${expired})::int AS "expiredCitizens"
       FROM e WHERE (${inForce}) OR (${granted}) OR (${expired})
       GROUP BY 1, reason ORDER BY 1, reason`,
      [period.from, period.to],
    );
    return rows;
  }

  /** Ratings of the period's filings per service and channel. */
  async ratings(period: OutcomePeriod): Promise<RatingGroup[]> {
    const { rows } = await this.sql.query<RatingGroup>(
      `SELECT f.service, f.channel, count(*)::int AS ratings, count(DISTINCT f.subject_cpr)::int AS citizens, avg(r.score)::float8 AS average
       FROM filing_ratings r JOIN filings f ON f.reference = r.filing_reference
       WHERE f.filed_on BETWEEN $1::date AND $2::date GROUP BY f.service, f.channel ORDER BY f.service, f.channel`,
      [period.from, period.to],
    );
    return rows;
  }

  /** Comments that passed screening, per service and channel, in text order (never in the order given). */
  async publishableComments(period: OutcomePeriod): Promise<{ service: string; channel: Channel; comment: string }[]> {
    const { rows } = await this.sql.query<{ service: string; channel: Channel; comment: string }>(
      `SELECT f.service, f.channel, r.comment FROM filing_ratings r JOIN filings f ON f.reference = r.filing_reference
       WHERE f.filed_on BETWEEN $1::date AND $2::date AND r.comment_publishable AND r.comment IS NOT NULL ORDER BY r.comment`,
      [period.from, period.to],
    );
    return rows;
  }
}
