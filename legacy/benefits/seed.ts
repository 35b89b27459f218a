import { ageOn } from '../../platform/calendar';
import { stableHash, type Person, type Population } from '../population';

/** The day the seeded history runs up to; fixed, so every install holds the same rows. */
export const DEFAULT_REFERENCE_DATE = '2026-11-01';

export type ClaimTypeCode = 'F' | 'B' | 'S' | 'K';
export type ClaimStatusCode = 'A' | 'V' | 'O' | 'L';
export type PaymentStatusCode = 'U' | 'T' | 'R';

/** One YDL_KRAV row. Dates are YYYYMMDD as the table keeps them. */
export interface ClaimSeed {
  readonly id: number;
  readonly cpr: string;
  readonly type: ClaimTypeCode;
  readonly status: ClaimStatusCode;
  readonly from: string;
  readonly to: string;
  readonly monthlyOre: number;
  readonly relatedCpr: string | null;
}

/** One YDL_UDBET row. */
export interface PaymentSeed {
  readonly id: number;
  readonly claimId: number;
  readonly date: string;
  readonly ore: number;
  readonly account: string;
  readonly status: PaymentStatusCode;
}

export interface BenefitsSeed {
  readonly claims: ClaimSeed[];
  readonly payments: PaymentSeed[];
}

export const OPEN_END = '99999999';
const STATE_PENSION_AGE = 67;
/** Monthly child benefit in øre by the child's age band (2025 rates, rounded). */
const CHILD_BENEFIT_BY_AGE: readonly [maxAge: number, monthlyOre: number][] = [
  [2, 176_400],
  [6, 139_600],
  [17, 109_800],
];

/**
 * Derives every claim and payment from the population: state pension from 67, child benefit
 * per child under 18 (to the mother where known), and sickness benefit and cash assistance
 * for a few adults chosen by stableHash. 12 to 24 months of payments per claim.
 */
export function seedBenefits(population: Population, referenceDate = DEFAULT_REFERENCE_DATE): BenefitsSeed {
  const ref = Month.ofIso(referenceDate);
  const claims: ClaimSeed[] = [];
  const payments: PaymentSeed[] = [];
  const addClaim = (claim: Omit<ClaimSeed, 'id'>, paymentDates: readonly string[], amountOn: (date: string) => number) => {
    const id = 100_001 + claims.length;
    claims.push({ id, ...claim });
    const account = maskedAccount(claim.cpr);
    for (const date of paymentDates) {
      payments.push({ id: 1_000_001 + payments.length, claimId: id, date, ore: amountOn(date), account, status: paymentStatus(claim.cpr, date) });
    }
  };

  for (const person of population.people) {
    const age = ageOn(person.birthDate, referenceDate);
    const hash = stableHash(`${person.cpr}:ydelser`);
    const monthsBack = 12 + (hash % 13);
    const earliest = ref.plus(-monthsBack);

    if (age >= STATE_PENSION_AGE) {
      const from = Month.ofIso(person.birthDate).plus(STATE_PENSION_AGE * 12 + 1);
      const monthlyOre = 720_000 + (stableHash(`${person.cpr}:F`) % 880_000);
      const months = Month.range(later(from, earliest), ref.plus(-1));
      addClaim(
        { cpr: person.cpr, type: 'F', status: 'A', from: from.first(), to: OPEN_END, monthlyOre, relatedCpr: null },
        months.map((m) => m.lastWeekday()),
        () => monthlyOre,
      );
    }

    for (const child of childrenUnder18(person, population, referenceDate)) {
      const from = Month.ofIso(child.birthDate).plus(1);
      const quarters = Month.range(later(from, earliest), ref.plus(-1)).filter((m) => m.month % 3 === 1);
      const amountOn = (date: string) => 3 * childBenefitMonthly(ageOn(child.birthDate, isoOf(date)));
      addClaim(
        {
          cpr: person.cpr,
          type: 'B',
          status: 'A',
          from: from.first(),
          to: OPEN_END,
          monthlyOre: childBenefitMonthly(ageOn(child.birthDate, referenceDate)),
          relatedCpr: child.cpr,
        },
        quarters.map((m) => m.day(20)),
        amountOn,
      );
    }

    if (age < 18 || age >= STATE_PENSION_AGE) continue;
    const draw = stableHash(`${person.cpr}:SK`) % 1000;
    if (draw < 40) addPeriodClaim(person.cpr, 'S', 1_500_000 + (hash % 660_000), ref, earliest, addClaim);
    else if (draw < 100) addPeriodClaim(person.cpr, 'K', 1_100_000 + (hash % 500_000), ref, earliest, addClaim);
  }
  return { claims, payments };
}

/** Sickness benefit or cash assistance: a spell of 2-12 months, ongoing or ended; cash assistance may be pending or rejected. */
function addPeriodClaim(
  cpr: string,
  type: 'S' | 'K',
  monthlyOre: number,
  ref: Month,
  earliest: Month,
  addClaim: (claim: Omit<ClaimSeed, 'id'>, dates: readonly string[], amountOn: () => number) => void,
): void {
  const hash = stableHash(`${cpr}:${type}:spell`);
  const from = ref.plus(-(hash % 20) - 1);
  const to = from.plus(2 + ((hash >>> 8) % 11));
  const fate = (hash >>> 16) % 10;
  if (type === 'K' && fate === 0) {
    addClaim({ cpr, type, status: 'V', from: ref.plus(-1).day(15), to: OPEN_END, monthlyOre, relatedCpr: null }, [], () => monthlyOre);
    return;
  }
  if (type === 'K' && fate === 1) {
    addClaim({ cpr, type, status: 'L', from: from.first(), to: from.first(), monthlyOre, relatedCpr: null }, [], () => monthlyOre);
    return;
  }
  const ongoing = to.index >= ref.index;
  const months = Month.range(later(from, earliest), ongoing ? ref.plus(-1) : to.plus(-1));
  addClaim(
    { cpr, type, status: ongoing ? 'A' : 'O', from: from.first(), to: ongoing ? OPEN_END : to.plus(-1).last(), monthlyOre, relatedCpr: null },
    months.map((m) => m.lastWeekday()),
    () => monthlyOre,
  );
}

function childrenUnder18(person: Person, population: Population, referenceDate: string): Person[] {
  return person.childCprs
    .map((cpr) => population.byCpr.get(cpr))
    .filter((child): child is Person => child !== undefined && ageOn(child.birthDate, referenceDate) < 18)
    .filter((child) => benefitRecipient(child, population) === person.cpr);
}

/** Child benefit goes to the mother when she is in the register, else to the first parent found. */
function benefitRecipient(child: Person, population: Population): string | undefined {
  const parents = child.parentCprs.map((cpr) => population.byCpr.get(cpr)).filter((p): p is Person => p !== undefined);
  return (parents.find((p) => p.sex === 'FEMALE') ?? parents[0])?.cpr;
}

function childBenefitMonthly(age: number): number {
  return (CHILD_BENEFIT_BY_AGE.find(([maxAge]) => age <= maxAge) ?? [0, 0])[1];
}

function paymentStatus(cpr: string, date: string): PaymentStatusCode {
  const draw = stableHash(`${cpr}:${date}`) % 200;
  return draw === 0 ? 'T' : draw === 1 ? 'R' : 'U';
}

function maskedAccount(cpr: string): string {
  return `****-******${String(stableHash(`${cpr}:konto`) % 10_000).padStart(4, '0')}`;
}

function isoOf(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function later(a: Month, b: Month): Month {
  return a.index >= b.index ? a : b;
}

/** A calendar month, counted from year 0 so months can be added and compared. */
class Month {
  private constructor(readonly index: number) {}

  static ofIso(iso: string): Month {
    const [y, m] = iso.split('-').map(Number);
    return new Month(y * 12 + m - 1);
  }

  static range(from: Month, to: Month): Month[] {
    const months: Month[] = [];
    for (let i = from.index; i <= to.index; i++) months.push(new Month(i));
    return months;
  }

  get year(): number {
    return Math.floor(this.index / 12);
  }

  /** 1..12 */
  get month(): number {
    return (this.index % 12) + 1;
  }

  plus(months: number): Month {
    return new Month(this.index + months);
  }

  day(d: number): string {
    return `${this.year}${String(this.month).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  }

  first(): string {
    return this.day(1);
  }

  last(): string {
    return this.day(new Date(Date.UTC(this.year, this.month, 0)).getUTCDate());
  }

  /** The last Monday-to-Friday of the month: when monthly benefits are paid out. */
  lastWeekday(): string {
    const date = new Date(Date.UTC(this.year, this.month, 0));
    while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() - 1);
    return this.day(date.getUTCDate());
  }
}
