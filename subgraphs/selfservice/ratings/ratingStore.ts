import type { Channel } from '../../../domain/caller/types';
import type { SqlQueryable } from '../../../platform/sql';

export interface FilingForRating {
  readonly reference: string;
  readonly service: string;
  readonly channel: Channel;
  readonly subjectCpr: string;
}

export interface RatingRecord {
  readonly filingReference: string;
  readonly score: number;
  readonly comment: string | null;
  readonly commentPublishable: boolean;
  readonly ratedAt: string;
}

/** Citizens' ratings of their filings: one per filing. */
export class RatingStore {
  async filing(tx: SqlQueryable, reference: string): Promise<FilingForRating | undefined> {
    const { rows } = await tx.query<FilingForRating>(`SELECT reference, service, channel, subject_cpr AS "subjectCpr" FROM filings WHERE reference = $1`, [
      reference,
    ]);
    return rows[0];
  }

  /** Stores the rating; false when the filing was already rated. */
  async rate(tx: SqlQueryable, rating: Omit<RatingRecord, 'ratedAt'>, ratedBy: string, at: Date): Promise<RatingRecord | undefined> {
    const { rows } = await tx.query<RatingRecord>(
      `INSERT INTO filing_ratings (filing_reference, score, comment, comment_publishable, rated_by, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz) ON CONFLICT (filing_reference) DO NOTHING
       RETURNING filing_reference AS "filingReference", score, comment, comment_publishable AS "commentPublishable", rated_at AS "ratedAt"`,
      [rating.filingReference, rating.score, rating.comment, rating.commentPublishable, ratedBy, at.toISOString()],
    );
    return rows[0] ? { ...rows[0], ratedAt: new Date(rows[0].ratedAt).toISOString() } : undefined;
  }
}
