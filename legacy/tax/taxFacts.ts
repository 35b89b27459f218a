import { stableHash, type Person } from '../population';

/**
 * The tax agency's figures for one person and year, derived deterministically from the
 * population (stableHash of CPR + purpose), so every run and every stand-in agree.
 * All amounts are in øre; the SOAP layer writes them the way the agency does.
 */

export const PRELIMINARY_YEARS = { first: 2025, last: 2027 } as const;
export const ANNUAL_YEARS = { first: 2020, last: 2025 } as const;

/** The agency keeps no assessments for children: under 15 at the end of the year. */
const MINIMUM_AGE = 15;
const STATE_PENSION_AGE = 67;

/** A: issued by the agency; B: changed by the citizen; S: changed by the agency. */
export type PreliminaryStatusCode = 'A' | 'B' | 'S';
/** E: final; G: reopened and amended. */
export type AnnualStatusCode = 'E' | 'G';

export interface PreliminaryAssessmentFacts {
  readonly cpr: string;
  readonly year: number;
  readonly salaryOre: bigint;
  readonly pensionOre: bigint;
  readonly capitalIncomeOre: bigint;
  readonly deductionsOre: bigint;
  readonly personalAllowanceOre: bigint;
  /** Trækprocent in basis points (3700 = 37 %). */
  readonly withholdingRateBasisPoints: number;
  readonly monthlyAllowanceOre: bigint;
  readonly status: PreliminaryStatusCode;
  /** xsd:dateTime as the agency writes it. */
  readonly lastChanged: string;
  readonly changeReason?: string;
}

export interface AnnualStatementFacts {
  readonly cpr: string;
  readonly year: number;
  readonly totalIncomeOre: bigint;
  readonly taxableIncomeOre: bigint;
  readonly taxPaidOre: bigint;
  readonly taxDueOre: bigint;
  readonly status: AnnualStatusCode;
  /** ISO date the statement was issued (March of the following year). */
  readonly issued: string;
}

// Stand-in figures close to the published personfradrag; under-18s get a lower one.
const PERSONAL_ALLOWANCE_KRONER: Record<number, { adult: number; minor: number }> = {
  2020: { adult: 46_600, minor: 36_300 },
  2021: { adult: 46_600, minor: 36_300 },
  2022: { adult: 46_600, minor: 36_300 },
  2023: { adult: 48_000, minor: 37_400 },
  2024: { adult: 49_700, minor: 38_700 },
  2025: { adult: 51_600, minor: 40_100 },
  2026: { adult: 54_100, minor: 42_100 },
  2027: { adult: 55_800, minor: 43_400 },
};

export function ageAtEndOf(person: Person, year: number): number {
  return year - Number(person.birthDate.slice(0, 4));
}

export function hasTaxRecords(person: Person, year: number): boolean {
  return ageAtEndOf(person, year) >= MINIMUM_AGE;
}

export function preliminaryAssessmentFor(person: Person, year: number): PreliminaryAssessmentFacts {
  const income = incomeFor(person, year);
  const personalAllowanceOre = personalAllowanceFor(person, year);
  const h = hash(person.cpr, 'status', year);
  const status: PreliminaryStatusCode = h % 10 === 0 ? 'S' : h % 10 <= 2 ? 'B' : 'A';
  // Assessments for a year are issued in November of the year before; changes follow in December.
  const month = status === 'A' ? 11 : 12;
  const lastChanged = `${year - 1}-${month}-${pad(10 + (h % 15))}T${pad(7 + (h % 9))}:${pad(h % 60)}:00+01:00`;
  return {
    cpr: person.cpr,
    year,
    ...income,
    personalAllowanceOre,
    withholdingRateBasisPoints: withholdingRateFor(person, year),
    // Månedsfradrag: a twelfth of the personfradrag, rounded up to whole kroner.
    monthlyAllowanceOre: ((personalAllowanceOre / 100n + 11n) / 12n) * 100n,
    status,
    lastChanged,
  };
}

export function annualStatementFor(person: Person, year: number): AnnualStatementFacts {
  const income = incomeFor(person, year);
  const ore = BigInt(hash(person.cpr, 'ore', year) % 100);
  const amBidragOre = (income.salaryOre * 8n) / 100n;
  const positiveCapital = income.capitalIncomeOre > 0n ? income.capitalIncomeOre : 0n;
  const negativeCapital = income.capitalIncomeOre < 0n ? -income.capitalIncomeOre : 0n;
  const totalIncomeOre = income.salaryOre + income.pensionOre + positiveCapital + ore;
  const taxableIncomeOre = max0(totalIncomeOre - amBidragOre - income.deductionsOre - negativeCapital);
  const rate = BigInt(withholdingRateFor(person, year));
  const taxDueOre = amBidragOre + (max0(taxableIncomeOre - personalAllowanceFor(person, year)) * rate) / 10_000n;
  const h = hash(person.cpr, 'settlement', year);
  // Most years end with a small refund or residual tax; about one in twelve balances exactly.
  const differenceOre = h % 12 === 0 ? 0n : BigInt((h % 1_400_000) - 800_000 + (h % 97));
  const taxPaidOre = max0(taxDueOre + differenceOre);
  return {
    cpr: person.cpr,
    year,
    totalIncomeOre,
    taxableIncomeOre,
    taxPaidOre,
    taxDueOre,
    status: hash(person.cpr, 'reopened', year) % 15 === 0 ? 'G' : 'E',
    issued: `${year + 1}-03-${pad(10 + (h % 15))}`,
  };
}

interface IncomeFacts {
  readonly salaryOre: bigint;
  readonly pensionOre: bigint;
  readonly capitalIncomeOre: bigint;
  readonly deductionsOre: bigint;
}

function incomeFor(person: Person, year: number): IncomeFacts {
  const age = ageAtEndOf(person, year);
  const kroner = (purpose: string, min: number, max: number, step: number, perYear = true) =>
    min + (hash(person.cpr, purpose, perYear ? year : 0) % Math.floor((max - min) / step + 1)) * step;
  // Salaries and pensions are a person's own level, grown about 3 % a year from 2020.
  const grown = (kr: number, step: number) => Math.round((kr * (100 + 3 * (year - 2020))) / 100 / step) * step;
  const ore = (kr: number) => BigInt(kr) * 100n;
  if (age >= STATE_PENSION_AGE) {
    // State pension (folkepension) plus an occupational pension; no salary.
    return {
      salaryOre: 0n,
      pensionOre: ore(grown(kroner('pension', 96_000, 300_000, 100, false), 100)),
      capitalIncomeOre: ore(kroner('capital', -8_000, 24_000, 100)),
      deductionsOre: ore(kroner('deductions', 0, 12_000, 100)),
    };
  }
  if (age < 18) {
    return { salaryOre: ore(kroner('salary', 0, 60_000, 500)), pensionOre: 0n, capitalIncomeOre: 0n, deductionsOre: 0n };
  }
  const unemployed = hash(person.cpr, 'employed', year) % 12 === 0;
  return {
    salaryOre: unemployed ? 0n : ore(grown(kroner('salary', 180_000, 650_000, 1_000, false), 1_000)),
    pensionOre: 0n,
    capitalIncomeOre: ore(kroner('capital', -36_000, 12_000, 100)),
    deductionsOre: ore(kroner('deductions', 0, 40_000, 100)),
  };
}

function personalAllowanceFor(person: Person, year: number): bigint {
  const table = PERSONAL_ALLOWANCE_KRONER[year] ?? PERSONAL_ALLOWANCE_KRONER[PRELIMINARY_YEARS.last];
  return BigInt(ageAtEndOf(person, year) < 18 ? table.minor : table.adult) * 100n;
}

/** Trækprocent: the same whole percentage for everyone in a municipality and year. */
function withholdingRateFor(person: Person, year: number): number {
  return (35 + (stableHash(`${person.address.municipalityCode}|traek|${year}`) % 6)) * 100;
}

function hash(cpr: string, purpose: string, year: number): number {
  return stableHash(`${cpr}|${purpose}|${year}`);
}

function max0(value: bigint): bigint {
  return value > 0n ? value : 0n;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
