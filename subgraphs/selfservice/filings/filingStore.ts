import type { FilingEntry } from '../client/selfserviceClient';
import type { SqlQueryable } from '../../../platform/sql';
import { danishDate } from '../../../platform/clock';

/** Filings per service, channel, municipality and day: what the uptake figures count. */
export class FilingStore {
  constructor(private readonly sql: SqlQueryable) {}

  /** Records a filing once per reference; a repeated reference changes nothing. */
  async record(entry: FilingEntry): Promise<void> {
    await this.sql.query(
      `INSERT INTO filings (reference, service, channel, municipality_code, subject_cpr, filed_at, filed_on)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::date) ON CONFLICT (reference) DO NOTHING`,
      [entry.reference, entry.service, entry.channel, entry.municipalityCode, entry.subjectCpr, entry.filedAt, danishDate(new Date(entry.filedAt))],
    );
  }
}
