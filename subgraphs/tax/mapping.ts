import { isIsoDate, moneyFromOre, oreFromKroner, type Money } from '../../domain';
import { LegacyError } from '../../platform';
import { TAX_SYSTEM, type AnnualStatementRecord, type PreliminaryAssessmentRecord } from './soapClient';

/** The agency's records as the schema shows them: kroner decimals to Money, codes to enums, rates to basis points. */

export type PreliminaryAssessmentStatus = 'ISSUED' | 'CHANGED_BY_CITIZEN' | 'CHANGED_BY_AGENCY';
export type AnnualTaxStatementStatus = 'FINAL' | 'AMENDED';
export type TaxSettlementOutcome = 'RESIDUAL_TAX' | 'REFUND' | 'BALANCED';

export interface TaxRate {
  readonly basisPoints: number;
  readonly percent: string;
}

export interface PreliminaryIncomeAssessment {
  readonly incomeYear: number;
  readonly expectedSalary: Money;
  readonly expectedPension: Money;
  readonly expectedCapitalIncome: Money;
  readonly expectedDeductions: Money;
  readonly personalAllowance: Money;
  readonly monthlyAllowance: Money;
  readonly withholdingRate: TaxRate;
  readonly status: PreliminaryAssessmentStatus;
  readonly lastChangedAt: string;
  readonly lastChangeReason: string | null;
}

export interface AnnualTaxStatement {
  readonly incomeYear: number;
  readonly totalIncome: Money;
  readonly taxableIncome: Money;
  readonly taxDue: Money;
  readonly taxPaid: Money;
  readonly settlement: { readonly outcome: TaxSettlementOutcome; readonly amount: Money };
  readonly status: AnnualTaxStatementStatus;
  readonly issuedOn: string;
}

const PRELIMINARY_STATUS: Record<string, PreliminaryAssessmentStatus> = { A: 'ISSUED', B: 'CHANGED_BY_CITIZEN', S: 'CHANGED_BY_AGENCY' };
const ANNUAL_STATUS: Record<string, AnnualTaxStatementStatus> = { E: 'FINAL', G: 'AMENDED' };

/** Throws LegacyError 'bad-response' for a value the agency's contract does not allow. */
export function toPreliminaryIncomeAssessment(record: PreliminaryAssessmentRecord): PreliminaryIncomeAssessment {
  return {
    incomeYear: year(record.incomeYear),
    expectedSalary: money(record.amIndkomst, 'AMIndkomst'),
    expectedPension: money(record.pension, 'Pension'),
    expectedCapitalIncome: money(record.capitalIncome, 'CapitalIncome'),
    expectedDeductions: money(record.deductions, 'Deductions'),
    personalAllowance: money(record.personalAllowance, 'PersonalAllowance'),
    monthlyAllowance: money(record.monthlyAllowance, 'MonthlyAllowance'),
    withholdingRate: taxRate(record.withholdingRate),
    status: code(PRELIMINARY_STATUS, record.status, 'preliminary assessment status'),
    lastChangedAt: utcInstant(record.lastChanged),
    lastChangeReason: record.changeReason ?? null,
  };
}

export function toAnnualTaxStatement(record: AnnualStatementRecord): AnnualTaxStatement {
  if (record.residualTax !== undefined && record.refund !== undefined) unreadable('an annual statement has both ResidualTax and Refund');
  const settlement =
    record.residualTax !== undefined
      ? { outcome: 'RESIDUAL_TAX' as const, amount: money(record.residualTax, 'ResidualTax') }
      : record.refund !== undefined
        ? { outcome: 'REFUND' as const, amount: money(record.refund, 'Refund') }
        : { outcome: 'BALANCED' as const, amount: moneyFromOre(0) };
  if (settlement.amount.ore.startsWith('-')) unreadable('a residual tax or refund is negative');
  if (!isIsoDate(record.issued)) unreadable('an annual statement has an Issued date that is not YYYY-MM-DD');
  return {
    incomeYear: year(record.incomeYear),
    totalIncome: money(record.totalIncome, 'TotalIncome'),
    taxableIncome: money(record.taxableIncome, 'TaxableIncome'),
    taxDue: money(record.taxDue, 'TaxDue'),
    taxPaid: money(record.taxPaid, 'TaxPaid'),
    settlement,
    status: code(ANNUAL_STATUS, record.status, 'annual statement status'),
    issuedOn: record.issued,
  };
}

/** A percentage as the agency writes it ("37", "37.5", "37.25") to exact basis points. */
export function taxRate(text: string): TaxRate {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) unreadable('a withholding rate is not a percentage with at most two decimals');
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) unreadable('a withholding rate is above 100 %');
  return { basisPoints, percent: `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}` };
}

/** An xsd:dateTime with an offset or Z, as one UTC instant (ISO 8601, milliseconds, Z). */
export function utcInstant(text: string): string {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const time = zoned ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) unreadable('a timestamp is not an xsd:dateTime with a time zone');
  return new Date(time).toISOString();
}

function money(kroner: string, element: string): Money {
  try {
    return moneyFromOre(oreFromKroner(kroner));
  } catch {
    return unreadable(`${element} is not kroner with at most two decimals`);
  }
}

function year(text: string): number {
  if (!/^\d{4}$/.test(text)) unreadable('IncomeYear is not a four-digit year');
  return Number(text);
}

function code<T>(table: Record<string, T>, value: string, what: string): T {
  if (!Object.hasOwn(table, value)) unreadable(`unknown ${what} code "${value}"`);
  return table[value];
}

function unreadable(detail: string): never {
  throw new LegacyError(TAX_SYSTEM, 'bad-response', detail);
}
