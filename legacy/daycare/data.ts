import type { Person, Population } from '../population';
import { stableHash } from '../population';

/** One citizen's record as the daycare system keeps it: codes and YYYYMMDD dates. */
export interface DaycareRow {
  readonly cpr: string;
  /** A (in force), V (waiting), O (ended). */
  readonly status: 'A' | 'V' | 'O';
  /** YYYYMMDD. */
  readonly since: string;
  readonly municipality: string;
}

export interface DaycareFilingRow {
  readonly reference: string;
  readonly cpr: string;
  readonly clientReference: string;
  readonly status: 'V';
  /** YYYYMMDD. */
  readonly received: string;
}

/**
 * The record of a person, or undefined for the third of the population the system does not know.
 * Derived from the CPR number alone, so every run and every test sees the same data.
 */
export function daycareRowOf(person: Person): DaycareRow | undefined {
  const hash = stableHash(`daycare:${person.cpr}`);
  if (hash % 3 === 0) return undefined;
  const status = (['A', 'A', 'V', 'O'] as const)[(hash >>> 4) % 4];
  return { cpr: person.cpr, status, since: person.address.movedIn.replace(/-/g, ''), municipality: person.address.municipalityCode };
}

export type FilingOutcome =
  | { readonly kind: 'filed'; readonly filing: DaycareFilingRow }
  | { readonly kind: 'replayed'; readonly filing: DaycareFilingRow }
  | { readonly kind: 'unknown-citizen' }
  | { readonly kind: 'reference-taken' };

/** The system's data: records by CPR number, and filings, once per client reference. */
export class DaycareLedger {
  private readonly rows = new Map<string, DaycareRow>();
  private readonly filingsByReference = new Map<string, DaycareFilingRow>();
  private sequence = 0;

  constructor(private readonly population: Population) {
    for (const person of population.people) {
      const row = daycareRowOf(person);
      if (row) this.rows.set(person.cpr, row);
    }
  }

  record(cpr: string): DaycareRow | undefined {
    return this.rows.get(cpr);
  }

  /** Files for a citizen of the population; the same client reference answers with the first filing. */
  file(cpr: string, clientReference: string, today: string): FilingOutcome {
    const seen = this.filingsByReference.get(clientReference);
    if (seen) return seen.cpr === cpr ? { kind: 'replayed', filing: seen } : { kind: 'reference-taken' };
    if (!this.population.byCpr.has(cpr)) return { kind: 'unknown-citizen' };
    this.sequence += 1;
    const received = today.replace(/-/g, '');
    const filing: DaycareFilingRow = { reference: `DAY${received.slice(0, 4)}${String(this.sequence).padStart(6, '0')}`, cpr, clientReference, status: 'V', received };
    this.filingsByReference.set(clientReference, filing);
    return { kind: 'filed', filing };
  }

  filings(): readonly DaycareFilingRow[] {
    return [...this.filingsByReference.values()];
  }
}
