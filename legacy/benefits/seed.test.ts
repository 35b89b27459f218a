import { ageOn } from '../../domain/cpr';
import { generatePopulation, personaCpr } from '../population';
import { DEFAULT_REFERENCE_DATE, seedBenefits } from './seed';

const population = generatePopulation();
const seed = seedBenefits(population);
const claimsOf = (cpr: string) => seed.claims.filter((c) => c.cpr === cpr);
const paymentsOf = (claimId: number) => seed.payments.filter((p) => p.claimId === claimId);

describe('seedBenefits', () => {
  it('is deterministic: the same population gives the same rows', () => {
    const again = seedBenefits(generatePopulation());
    expect(again.claims).toEqual(seed.claims);
    expect(again.payments).toEqual(seed.payments);
  });

  it('gives Ingrid an active state pension with 12 to 24 monthly payments', () => {
    const [pension, ...others] = claimsOf(personaCpr('ingrid'));
    expect(others).toEqual([]);
    expect(pension).toMatchObject({ type: 'F', status: 'A', from: '20050401', to: '99999999', relatedCpr: null });
    const payments = paymentsOf(pension.id);
    expect(payments.length).toBeGreaterThanOrEqual(12);
    expect(payments.length).toBeLessThanOrEqual(24);
    expect(new Set(payments.map((p) => p.date.slice(0, 6))).size).toBe(payments.length);
    expect(payments.every((p) => p.ore === pension.monthlyOre)).toBe(true);
  });

  it("gives Karen child benefit for Freja, paid quarterly as three months' amount", () => {
    const childBenefit = claimsOf(personaCpr('karen')).filter((c) => c.type === 'B');
    expect(childBenefit).toEqual([expect.objectContaining({ status: 'A', relatedCpr: personaCpr('freja') })]);
    const payments = paymentsOf(childBenefit[0].id);
    expect(payments.length).toBeGreaterThanOrEqual(4);
    expect(payments.every((p) => /^\d{4}(01|04|07|10)20$/.test(p.date) && p.ore === 3 * childBenefit[0].monthlyOre)).toBe(true);
    expect(claimsOf(personaCpr('peter')).filter((c) => c.type === 'B')).toEqual([]);
  });

  it('pays state pension to everyone of 67 or more and to no one younger', () => {
    const pensioners = new Set(seed.claims.filter((c) => c.type === 'F').map((c) => c.cpr));
    for (const person of population.people) {
      expect([person.cpr, pensioners.has(person.cpr)]).toEqual([person.cpr, ageOn(person.birthDate, DEFAULT_REFERENCE_DATE) >= 67]);
    }
  });

  it('keeps every payment inside the 24 months before the reference date, and none for pending or rejected claims', () => {
    expect(seed.payments.every((p) => p.date >= '20241101' && p.date < '20261101')).toBe(true);
    const silent = new Set(seed.claims.filter((c) => c.status === 'V' || c.status === 'L').map((c) => c.id));
    expect(silent.size).toBeGreaterThan(0);
    expect(seed.payments.some((p) => silent.has(p.claimId))).toBe(false);
    expect(new Set(seed.claims.map((c) => c.type))).toEqual(new Set(['F', 'B', 'S', 'K']));
    expect(new Set(seed.payments.map((p) => p.status))).toEqual(new Set(['U', 'T', 'R']));
  });
});
