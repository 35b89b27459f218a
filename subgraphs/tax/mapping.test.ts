import { LegacyError } from '../../platform';
import { taxRate, toAnnualTaxStatement, toPreliminaryIncomeAssessment, utcInstant } from './mapping';
import type { AnnualStatementRecord, PreliminaryAssessmentRecord } from './soapClient';

const assessment: PreliminaryAssessmentRecord = {
  cpr: '0407681258',
  incomeYear: '2026',
  amIndkomst: '455000.5',
  pension: '0',
  capitalIncome: '-35200',
  deductions: '10200',
  personalAllowance: '54100',
  withholdingRate: '37',
  monthlyAllowance: '4509',
  status: 'B',
  lastChanged: '2025-12-17T11:52:00+01:00',
  changeReason: 'new job',
};

const statement: AnnualStatementRecord = {
  cpr: '0407681258',
  incomeYear: '2024',
  totalIncome: '394000.56',
  taxableIncome: '301420.56',
  taxPaid: '80313.50',
  taxDue: '83168.22',
  residualTax: '2854.72',
  status: 'G',
  issued: '2025-03-23',
};

describe('toPreliminaryIncomeAssessment', () => {
  it('turns kroner into exact Money, codes into enums, the rate into basis points and the time into UTC', () => {
    expect(toPreliminaryIncomeAssessment(assessment)).toEqual({
      incomeYear: 2026,
      expectedSalary: { ore: '45500050', kroner: '455000.50', currency: 'DKK' },
      expectedPension: { ore: '0', kroner: '0.00', currency: 'DKK' },
      expectedCapitalIncome: { ore: '-3520000', kroner: '-35200.00', currency: 'DKK' },
      expectedDeductions: { ore: '1020000', kroner: '10200.00', currency: 'DKK' },
      personalAllowance: { ore: '5410000', kroner: '54100.00', currency: 'DKK' },
      monthlyAllowance: { ore: '450900', kroner: '4509.00', currency: 'DKK' },
      withholdingRate: { basisPoints: 3700, percent: '37.00' },
      status: 'CHANGED_BY_CITIZEN',
      lastChangedAt: '2025-12-17T10:52:00.000Z',
      lastChangeReason: 'new job',
    });
  });

  it.each([
    ['A', 'ISSUED'],
    ['S', 'CHANGED_BY_AGENCY'],
  ])('maps status %s to %s', (code, status) => {
    expect(toPreliminaryIncomeAssessment({ ...assessment, status: code }).status).toBe(status);
  });

  it.each([
    ['an unknown status code', { status: 'X' }],
    ['a prototype key as status code', { status: 'constructor' }],
    ['a float-ish amount', { pension: '1e5' }],
    ['three decimals', { deductions: '10.505' }],
    ['a timestamp without a zone', { lastChanged: '2025-12-17T11:52:00' }],
    ['a rate over 100 %', { withholdingRate: '100.5' }],
  ])('calls %s a bad response from the tax system', (_, change) => {
    const attempt = () => toPreliminaryIncomeAssessment({ ...assessment, ...change });
    expect(attempt).toThrow(LegacyError);
    expect(attempt).toThrow(expect.objectContaining({ system: 'tax', kind: 'bad-response' }));
  });
});

describe('taxRate and utcInstant', () => {
  it.each([
    ['37', 3700, '37.00'],
    ['37.5', 3750, '37.50'],
    ['37.25', 3725, '37.25'],
    ['0', 0, '0.00'],
  ])('%s %% is %i basis points', (text, bp, percent) => {
    expect(taxRate(text)).toEqual({ basisPoints: bp, percent });
  });
  it('normalizes Z and offsets to the same instant', () => {
    expect(utcInstant('2026-02-03T10:00:00Z')).toBe('2026-02-03T10:00:00.000Z');
    expect(utcInstant('2026-02-03T11:00:00.000+01:00')).toBe('2026-02-03T10:00:00.000Z');
  });
});

describe('toAnnualTaxStatement', () => {
  it('settles as residual tax, and maps G to AMENDED', () => {
    expect(toAnnualTaxStatement(statement)).toMatchObject({
      incomeYear: 2024,
      taxPaid: { ore: '8031350', kroner: '80313.50' },
      settlement: { outcome: 'RESIDUAL_TAX', amount: { ore: '285472' } },
      status: 'AMENDED',
      issuedOn: '2025-03-23',
    });
  });

  it('settles as refund, or as balanced with zero when neither is present', () => {
    const { residualTax: _, ...balanced } = statement;
    expect(toAnnualTaxStatement({ ...balanced, refund: '10.00' }).settlement).toEqual({
      outcome: 'REFUND',
      amount: { ore: '1000', kroner: '10.00', currency: 'DKK' },
    });
    expect(toAnnualTaxStatement(balanced).settlement).toEqual({ outcome: 'BALANCED', amount: { ore: '0', kroner: '0.00', currency: 'DKK' } });
  });

  it('calls both residual tax and refund at once a bad response', () => {
    expect(() => toAnnualTaxStatement({ ...statement, refund: '1.00' })).toThrow(expect.objectContaining({ kind: 'bad-response' }));
  });
});
