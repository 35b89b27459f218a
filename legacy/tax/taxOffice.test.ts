import { PinnedClock } from '../../platform/clock';
import { generatePopulation, personaCpr } from '../population';
import { AgencyRefusal, TaxOffice } from './taxOffice';

const population = generatePopulation();
const fixedClock = new PinnedClock('2026-02-03T10:00:00.000Z');

describe('TaxOffice figures', () => {
  const office = new TaxOffice(population, fixedClock);

  it('gives pensioners Ingrid and Bent a pension and no salary', () => {
    for (const id of ['ingrid', 'bent']) {
      const assessment = office.preliminaryAssessment(personaCpr(id), 2026);
      expect(assessment).toMatchObject({ salaryOre: 0n });
      expect(assessment!.pensionOre).toBeGreaterThan(9_000_000n);
    }
  });

  it('gives working-age Karen, Peter and Mads a salary', () => {
    for (const id of ['karen', 'peter', 'mads']) {
      expect(office.preliminaryAssessment(personaCpr(id), 2026)!.salaryOre).toBeGreaterThan(0n);
    }
  });

  it('has nothing for Freja, who is under 15, nor for an unknown number', () => {
    expect(office.preliminaryAssessment(personaCpr('freja'), 2027)).toBeNull();
    expect(office.annualStatement(personaCpr('freja'), 2024)).toBeNull();
    expect(office.preliminaryAssessment('0101010000', 2026)).toBeNull();
  });

  it('derives the same figures every run', () => {
    const again = new TaxOffice(generatePopulation(), fixedClock);
    const cpr = personaCpr('karen');
    expect(again.preliminaryAssessment(cpr, 2025)).toEqual(office.preliminaryAssessment(cpr, 2025));
    expect(again.annualStatement(cpr, 2021)).toEqual(office.annualStatement(cpr, 2021));
  });

  it('settles every annual statement as tax due minus tax paid, in whole øre', () => {
    const statement = office.annualStatement(personaCpr('peter'), 2023)!;
    expect(statement.taxDueOre).toBeGreaterThan(0n);
    expect(statement.issued).toMatch(/^2024-03-\d{2}$/);
    expect(typeof statement.taxPaidOre).toBe('bigint');
  });

  it('refuses years it does not keep, with agency code FS-1001', () => {
    expect(() => office.preliminaryAssessment(personaCpr('karen'), 2024)).toThrow(expect.objectContaining({ code: 'FS-1001' }));
    expect(() => office.annualStatement(personaCpr('karen'), 2026)).toThrow(AgencyRefusal);
  });
});

describe('TaxOffice income changes', () => {
  it('changes the expected salary, marks the assessment changed by the citizen and stamps the time', () => {
    const office = new TaxOffice(population, fixedClock);
    const cpr = personaCpr('karen');
    const change = office.submitIncomeChange({ cpr, year: 2026, expectedSalaryOre: 45_500_050n, reason: 'new job' });
    expect(change).toEqual({
      changeId: 'FS-2026-000001',
      cpr,
      year: 2026,
      expectedSalaryOre: 45_500_050n,
      reason: 'new job',
      received: '2026-02-03T10:00:00.000Z',
    });
    expect(office.preliminaryAssessment(cpr, 2026)).toMatchObject({
      salaryOre: 45_500_050n,
      status: 'B',
      lastChanged: '2026-02-03T10:00:00.000Z',
      changeReason: 'new job',
    });
    expect(office.preliminaryAssessment(cpr, 2025)!.salaryOre).not.toBe(45_500_050n);
  });

  it.each([
    ['a child', personaCpr('freja'), 2026, 100n, undefined, 'FS-1005'],
    ['a year without assessments', personaCpr('karen'), 2020, 100n, undefined, 'FS-1001'],
    ['a negative salary', personaCpr('karen'), 2026, -1n, undefined, 'FS-1006'],
    ['a reason over 500 characters', personaCpr('karen'), 2026, 100n, 'x'.repeat(501), 'FS-1007'],
  ])('refuses %s', (_, cpr, year, ore, reason, code) => {
    const office = new TaxOffice(population, fixedClock);
    expect(() => office.submitIncomeChange({ cpr, year, expectedSalaryOre: ore, reason })).toThrow(expect.objectContaining({ code }));
  });

  it('resent-client-reference: the same reference returns the first change and files nothing more', () => {
    let clock = new Date('2026-02-03T10:00:00.000Z');
    const office = new TaxOffice(population, new PinnedClock(clock));
    const cpr = personaCpr('peter');
    const request = { cpr, year: 2026, expectedSalaryOre: 50_000_000n, reason: 'raise', clientReference: 'ref-1' };
    const first = office.submitIncomeChange(request);
    clock = new Date('2026-02-03T11:00:00.000Z');
    const again = office.submitIncomeChange(request);
    expect(again).toBe(first);
    expect(office.incomeChanges()).toEqual([first]);
    const other = office.submitIncomeChange({ ...request, clientReference: 'ref-2' });
    expect(other.changeId).not.toBe(first.changeId);
    expect(office.incomeChanges()).toHaveLength(2);
  });

  it('reused-client-reference: the same reference for a different change is refused with FS-1008, nothing filed', () => {
    const office = new TaxOffice(population, fixedClock);
    const cpr = personaCpr('peter');
    office.submitIncomeChange({ cpr, year: 2026, expectedSalaryOre: 50_000_000n, clientReference: 'ref-1' });
    expect(() => office.submitIncomeChange({ cpr, year: 2026, expectedSalaryOre: 60_000_000n, clientReference: 'ref-1' })).toThrow(
      expect.objectContaining({ code: 'FS-1008' }),
    );
    expect(office.incomeChanges()).toHaveLength(1);
    expect(office.preliminaryAssessment(cpr, 2026)!.salaryOre).toBe(50_000_000n);
  });
});
