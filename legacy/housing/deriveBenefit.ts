import { ageOn } from '../../platform/calendar';
import { type Person, stableHash } from '../population';
import { RENTED_TYPES } from './deriveDwelling';
import { type AnsoegningPost, type BoligPost, type BoligstoettePost, NO_DATE, STATUS_TEKST, type StatusKode, ddmmyyyy, pad } from './records';

export interface BenefitCase {
  readonly benefit: BoligstoettePost | null;
  /** Newest first; numbers are filled in by the register. */
  readonly applications: readonly Omit<AnsoegningPost, 'ANSOEGNING_NR'>[];
}

const LARGEST_MONTHLY_BENEFIT_ORE = 480_000;

/**
 * Who gets housing benefit: renters who are pensioners living alone, and a fixed share of
 * renters with low income. Some other renters once applied and were refused.
 */
export function deriveBenefitCase(person: Person, dwelling: BoligPost | null, onDate: string): BenefitCase {
  if (!dwelling || !RENTED_TYPES.has(dwelling.BOLIGTYPE)) return { benefit: null, applications: [] };
  const pensionerAlone = ageOn(person.birthDate, onDate) >= 67 && Number(dwelling.ANTAL_BEBOERE) === 1;
  const lowIncome = stableHash(`${person.cpr}:indkomst`) % 100 < 18;
  const hash = stableHash(`${person.cpr}:stoette`);
  if (!pensionerAlone && !lowIncome) {
    if (hash % 100 >= 8) return { benefit: null, applications: [] };
    const received = isoDate(2015 + (hash % 10), hash >>> 8);
    return { benefit: null, applications: [application(person.cpr, received, 'AFS', hash >>> 12)] };
  }

  const roll = hash % 100;
  const status: StatusKode = roll < 72 ? 'BEV' : roll < 84 ? 'OPH' : roll < 93 ? 'UBH' : 'AFS';
  const received = status === 'UBH' ? isoDate(2025, hash >>> 8, 11) : isoDate(2010 + ((hash >>> 4) % (status === 'OPH' ? 12 : 15)), hash >>> 8);
  const decided = addDays(received, 20 + ((hash >>> 6) % 40));
  const from = firstOfNextMonth(decided);
  const paid = status === 'BEV' || status === 'OPH';
  const percent = 25 + ((hash >>> 10) % 21);
  const amount = Math.min(Math.round((Number(dwelling.HUSLEJE_ORE) * percent) / 100), LARGEST_MONTHLY_BENEFIT_ORE);
  const benefit: BoligstoettePost = {
    CPRNR: person.cpr,
    BOLIGSTOETTE_ORE: paid ? String(amount) : '',
    STATUS: status,
    STATUS_TEKST: STATUS_TEKST[status],
    BEVILGET_DATO: paid ? ddmmyyyy(decided) : NO_DATE,
    PERIODE_FRA: paid ? ddmmyyyy(from) : NO_DATE,
    PERIODE_TIL: status === 'OPH' ? ddmmyyyy(addDays(firstOfNextMonth(addDays(from, 365)), -1)) : NO_DATE,
  };
  const history = (hash >>> 14) % 4;
  const applications = [application(person.cpr, received, status, hash >>> 3)];
  for (let i = 1; i <= history; i++) {
    const earlier = isoDate(Number(received.slice(0, 4)) - i, hash >>> (i + 5));
    applications.push(application(person.cpr, earlier, stableHash(`${person.cpr}:${i}`) % 3 === 0 ? 'AFS' : 'BEV', hash >>> i));
  }
  return { benefit, applications };
}

const REASONS: Record<StatusKode, readonly string[]> = {
  BEV: ['Bevilget efter gældende satser', 'Bevilget; husleje dokumenteret'],
  AFS: ['Husstandsindkomst over grænsen', 'Manglende dokumentation for husleje', 'Formue over grænsen'],
  UBH: [''],
  OPH: ['Ophørt: fraflyttet boligen', 'Ophørt: ændret husstandsindkomst'],
};

export function application(cpr: string, received: string, status: StatusKode, roll: number): Omit<AnsoegningPost, 'ANSOEGNING_NR'> {
  const reasons = REASONS[status];
  return {
    CPRNR: cpr,
    MODTAGET_DATO: ddmmyyyy(received),
    STATUS: status,
    AFGOERELSE_DATO: status === 'UBH' ? NO_DATE : ddmmyyyy(addDays(received, 20 + (roll % 40))),
    // The old system pads free text to a fixed width.
    BEGRUNDELSE: reasons[roll % reasons.length].padEnd(40, ' '),
  };
}

function isoDate(year: number, roll: number, month = 1 + (roll % 12)): string {
  return `${year}-${pad(month, 2)}-${pad(1 + ((roll >>> 4) % 28), 2)}`;
}

export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function firstOfNextMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1, 2)}-01`;
}
