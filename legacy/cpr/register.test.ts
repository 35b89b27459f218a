import { parseCpr } from '../../domain/cpr';
import { generatePopulation } from '../population';
import { personRecords } from './personRecords';
import { decode, LAYOUTS } from './records';
import { PopulationRegister } from './register';

const population = generatePopulation();
const register = new PopulationRegister(population);
const sexOf = (cpr: string) => population.byCpr.get(cpr)?.sex ?? null;

describe('the register agrees with the CPR numbers it holds', () => {
  it('birth date and sex in every 001 record match what the CPR number says', () => {
    const mismatches = population.people.filter((person) => {
      const [line] = personRecords(register.find(person.cpr)!, sexOf);
      const record = decode(LAYOUTS.person, line.slice(0, -2));
      const parsed = parseCpr(person.cpr);
      return !parsed.ok || parsed.value.birthDate !== record.birthDate || (parsed.value.sex === 'MALE' ? 'M' : 'K') !== record.sex;
    });
    expect(population.people).toHaveLength(10_000);
    expect(mismatches.map((p) => p.cpr)).toEqual([]);
  });

  it('married couples name each other and share one wedding date', () => {
    const married = population.people.filter((p) => p.civilStatus === 'G');
    expect(married.length).toBeGreaterThan(100);
    for (const person of married) {
      const entry = register.find(person.cpr)!;
      const spouse = register.find(entry.spouseCpr!)!;
      expect(spouse.spouseCpr).toBe(person.cpr);
      expect(spouse.civilStatusSince).toBe(entry.civilStatusSince);
    }
  });

  it('names and addresses fit their fields: nothing is cut by the encoder', () => {
    for (const person of population.people) {
      const [, nameLine, addressLine] = personRecords(register.find(person.cpr)!, sexOf);
      const name = decode(LAYOUTS.name, nameLine.slice(0, -2));
      const address = decode(LAYOUTS.address, addressLine.slice(0, -2));
      expect([name.first, name.middle, name.last]).toEqual([person.firstName, person.middleName, person.lastName]);
      expect([address.street, address.city, address.houseNumber]).toEqual([person.address.street, person.address.city, person.address.houseNumber]);
    }
  });
});
