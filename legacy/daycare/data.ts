import { ageOn } from '../../platform/calendar';
import type { Person, Population } from '../population';
import { stableHash } from '../population';

/** The municipality's offers by age: nursery (0-2), kindergarten (3-5), after-school care (6-9), youth club (10-14). */
export type OfferCode = 'VUG' | 'BHV' | 'SFO' | 'FRI';

/** Children from this age (in whole years) to below the next have that offer. */
const OFFERS: readonly { readonly code: OfferCode; readonly from: number; readonly to: number; readonly names: readonly string[] }[] = [
  { code: 'VUG', from: 0, to: 3, names: ['Vuggestuen Mælkebøtten', 'Vuggestuen Solsikken', 'Vuggestuen Lærkereden'] },
  { code: 'BHV', from: 3, to: 6, names: ['Børnehaven Regnbuen', 'Børnehaven Skovtrolden', 'Børnehuset Kastanjen'] },
  { code: 'SFO', from: 6, to: 10, names: ['SFO Nordskolen', 'SFO Søndermarken', 'SFO Vestervang'] },
  { code: 'FRI', from: 10, to: 15, names: ['Fritidsklubben Basen', 'Klubben Ungdomsgården', 'Fritidsklubben Mosen'] },
];

/** One child's place, or place on the waiting list, as the daycare system keeps it: codes and YYYYMMDD dates. */
export interface DaycareRow {
  readonly cpr: string;
  /** P (placed), V (waiting), O (ended). */
  readonly status: 'P' | 'V' | 'O';
  readonly offer: OfferCode;
  /** The institution; empty while waiting. */
  readonly institution: string;
  /** YYYYMMDD: when the place started (or is wanted from, while waiting). */
  readonly since: string;
  readonly municipality: string;
  /** The child's place in the municipality's queue for the offer; 0 unless waiting. */
  readonly queue: number;
}

export interface DaycareFilingRow {
  readonly reference: string;
  readonly cpr: string;
  readonly clientReference: string;
  readonly status: 'V';
  readonly offer: OfferCode;
  /** YYYYMMDD. */
  readonly wantedStart: string;
  /** YYYYMMDD. */
  readonly received: string;
  readonly queue: number;
}

export function offerOfAge(age: number): OfferCode | undefined {
  return OFFERS.find((o) => age >= o.from && age < o.to)?.code;
}

/**
 * A child's record on `today` (ISO): the offer their age gives, placed for most, on the waiting list
 * for one in six, none for one in eight and for babies under six months (no daycare yet); nobody of
 * 15 or over. Derived from the CPR number and birth date alone, so every run sees the same data.
 */
export function daycareRowOf(person: Person, today: string): Omit<DaycareRow, 'queue'> | undefined {
  const age = ageOn(person.birthDate, today);
  const offer = OFFERS.find((o) => age >= o.from && age < o.to);
  if (!offer) return undefined;
  const hash = stableHash(`daycare:${person.cpr}`);
  if ((hash >>> 16) % 8 === 0) return undefined;
  const startYear = Number(person.birthDate.slice(0, 4)) + Math.max(offer.from, 1);
  const since = `${startYear}${person.birthDate.slice(5, 7)}01`;
  if (since > today.replace(/-/g, '')) return undefined;
  const waiting = (hash >>> 3) % 6 === 0;
  return {
    cpr: person.cpr,
    status: waiting ? 'V' : 'P',
    offer: offer.code,
    institution: waiting ? '' : offer.names[(hash >>> 7) % offer.names.length],
    since,
    municipality: person.address.municipalityCode,
  };
}

export type FilingOutcome =
  | { readonly kind: 'filed'; readonly filing: DaycareFilingRow }
  | { readonly kind: 'replayed'; readonly filing: DaycareFilingRow }
  | { readonly kind: 'unknown-citizen' }
  | { readonly kind: 'reference-taken' };

/**
 * The daycare system's data: places by CPR number, and each municipality's waiting list per offer
 * (children in the order they joined it: the seeded ones by CPR hash, then applications as filed).
 * Applications are filed once per client reference and put the child at the end of the queue.
 */
export class DaycareLedger {
  private readonly rows = new Map<string, DaycareRow>();
  private readonly queues = new Map<string, string[]>();
  private readonly filingsByReference = new Map<string, DaycareFilingRow>();
  private sequence = 0;

  constructor(
    private readonly population: Population,
    today: string,
  ) {
    const waiting: Omit<DaycareRow, 'queue'>[] = [];
    for (const person of population.people) {
      const row = daycareRowOf(person, today);
      if (row?.status === 'V') waiting.push(row);
      else if (row) this.rows.set(person.cpr, { ...row, queue: 0 });
    }
    waiting.sort((a, b) => stableHash(a.cpr) - stableHash(b.cpr));
    for (const row of waiting) this.rows.set(row.cpr, { ...row, queue: this.join(row.municipality, row.offer, row.cpr) });
  }

  record(cpr: string): DaycareRow | undefined {
    return this.rows.get(cpr);
  }

  /** Files an application for a child of the population; the same client reference answers with the first filing. */
  file(application: { cpr: string; clientReference: string; offer: OfferCode; wantedStart: string }, today: string): FilingOutcome {
    const { cpr, clientReference, offer, wantedStart } = application;
    const seen = this.filingsByReference.get(clientReference);
    if (seen) return seen.cpr === cpr ? { kind: 'replayed', filing: seen } : { kind: 'reference-taken' };
    const child = this.population.byCpr.get(cpr);
    if (!child) return { kind: 'unknown-citizen' };
    this.sequence += 1;
    const received = today.replace(/-/g, '');
    const municipality = child.address.municipalityCode;
    const queue = this.join(municipality, offer, cpr);
    const filing: DaycareFilingRow = {
      reference: `DAG${received.slice(0, 4)}${String(this.sequence).padStart(6, '0')}`,
      cpr,
      clientReference,
      status: 'V',
      offer,
      wantedStart,
      received,
      queue,
    };
    this.filingsByReference.set(clientReference, filing);
    this.rows.set(cpr, { cpr, status: 'V', offer, institution: '', since: wantedStart, municipality, queue });
    return { kind: 'filed', filing };
  }

  filings(): readonly DaycareFilingRow[] {
    return [...this.filingsByReference.values()];
  }

  /** Puts the child at the end of the municipality's queue for the offer (once); their 1-based place. */
  private join(municipality: string, offer: OfferCode, cpr: string): number {
    const key = `${municipality}|${offer}`;
    const queue = this.queues.get(key) ?? [];
    if (!queue.includes(cpr)) queue.push(cpr);
    this.queues.set(key, queue);
    return queue.indexOf(cpr) + 1;
  }
}
