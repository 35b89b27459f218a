import { centuryYear, passesModulus11 } from '../../platform/cprNumber';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, MIDDLE_NAMES, MUNICIPALITIES, STREET_NAMES } from '../../personas/names';
import { addPersonaFamily } from './personaFamily';
import { SeededRandom } from './random';
import type { Address, Person, Population } from './types';

export const DEFAULT_POPULATION_SIZE = 10_000;
export const DEFAULT_POPULATION_SEED = 20111;

/**
 * Builds the deterministic synthetic population: families over three generations, valid CPR
 * numbers by the century rule (some issued after 2007 without the modulus-11 check), and the
 * demo personas. Every stand-in calls this with the same seed, so they agree on who exists.
 */
export function generatePopulation(size = DEFAULT_POPULATION_SIZE, seed = DEFAULT_POPULATION_SEED): Population {
  const builder = new PopulationBuilder(new SeededRandom(seed));
  addPersonaFamily(builder);
  while (builder.people.length < size) builder.addFamilyTree();
  const people = builder.people.slice(0, Math.max(size, builder.personaCount));
  const byCpr = new Map(people.map((p) => [p.cpr, p]));
  for (const person of people) {
    // A family tree cut at the size limit may point at people who were not kept.
    person.parentCprs.splice(0, person.parentCprs.length, ...person.parentCprs.filter((c) => byCpr.has(c)));
    person.childCprs.splice(0, person.childCprs.length, ...person.childCprs.filter((c) => byCpr.has(c)));
    if (person.spouseCpr && !byCpr.has(person.spouseCpr)) person.spouseCpr = null;
  }
  return { people, byCpr };
}

export interface NewPerson {
  cpr?: string;
  firstName?: string;
  middleName?: string | null;
  lastName: string;
  birthDate: string;
  sex: 'FEMALE' | 'MALE';
  address: Address;
  /** Issue a number that fails the modulus-11 check (only for births from 2007). */
  withoutModulus11?: boolean;
}

export class PopulationBuilder {
  readonly people: Person[] = [];
  personaCount = 0;
  private readonly issued = new Set<string>();

  constructor(readonly random: SeededRandom) {}

  add(input: NewPerson): Person {
    const cpr = input.cpr ?? this.issueCpr(input.birthDate, input.sex, input.withoutModulus11 ?? false);
    this.issued.add(cpr);
    const names = input.sex === 'FEMALE' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
    const person: Person = {
      cpr,
      firstName: input.firstName ?? this.random.pick(names),
      middleName: input.middleName === undefined ? (this.random.chance(0.3) ? this.random.pick(MIDDLE_NAMES) : null) : input.middleName,
      lastName: input.lastName,
      birthDate: input.birthDate,
      sex: input.sex,
      address: input.address,
      civilStatus: 'U',
      spouseCpr: null,
      parentCprs: [],
      childCprs: [],
    };
    this.people.push(person);
    return person;
  }

  marry(a: Person, b: Person): void {
    a.spouseCpr = b.cpr;
    b.spouseCpr = a.cpr;
    a.civilStatus = 'G';
    b.civilStatus = 'G';
  }

  relate(parent: Person, child: Person): void {
    parent.childCprs.push(child.cpr);
    child.parentCprs.push(parent.cpr);
  }

  randomAddress(movedInYear: number): Address {
    const r = this.random;
    const municipality = r.pick(MUNICIPALITIES);
    const district = r.pick(municipality.postalCodes);
    const apartment = r.chance(0.4);
    return {
      street: r.pick(STREET_NAMES),
      houseNumber: String(r.int(1, 180)) + (r.chance(0.1) ? r.pick(['A', 'B', 'C']) : ''),
      floor: apartment ? r.pick(['st', '1', '2', '3', '4']) : null,
      door: apartment ? r.pick(['th', 'tv', 'mf']) : null,
      postalCode: district.code,
      city: district.city,
      municipalityCode: municipality.code,
      movedIn: `${movedInYear}-${pad(r.int(1, 12))}-01`,
    };
  }

  randomBirthDate(fromYear: number, toYear: number): string {
    const year = this.random.int(fromYear, toYear);
    const month = this.random.int(1, 12);
    const day = this.random.int(1, 28);
    return `${year}-${pad(month)}-${pad(day)}`;
  }

  /** Grandparents, their children with spouses, and grandchildren: one family tree. */
  addFamilyTree(): void {
    const r = this.random;
    const surname = r.pick(LAST_NAMES);
    const gpYear = r.int(1930, 1960);
    const home = this.randomAddress(r.int(1975, 2015));
    const grandmother = this.add({ lastName: surname, birthDate: this.randomBirthDate(gpYear, gpYear + 2), sex: 'FEMALE', address: home });
    const both = r.chance(0.65);
    const grandfather = both ? this.add({ lastName: surname, birthDate: this.randomBirthDate(gpYear - 3, gpYear), sex: 'MALE', address: home }) : null;
    if (grandfather) this.marry(grandmother, grandfather);
    else grandmother.civilStatus = r.pick(['E', 'F', 'U'] as const);

    const childCount = r.int(0, 3);
    for (let i = 0; i < childCount; i++) {
      const childYear = Math.min(gpYear + r.int(22, 36), 2024);
      const sex = r.chance(0.5) ? 'FEMALE' : 'MALE';
      const adult = childYear <= 2007;
      const childHome = adult ? this.randomAddress(r.int(Math.max(childYear + 19, 1990), 2025)) : home;
      const child = this.add({
        lastName: surname,
        birthDate: this.randomBirthDate(childYear, childYear),
        sex,
        address: childHome,
        withoutModulus11: !adult && r.chance(0.3),
      });
      this.relate(grandmother, child);
      if (grandfather) this.relate(grandfather, child);
      if (!adult) continue;
      if (r.chance(0.6)) {
        const spouse = this.add({
          lastName: r.pick(LAST_NAMES),
          birthDate: this.randomBirthDate(childYear - 3, childYear + 3),
          sex: sex === 'FEMALE' ? 'MALE' : 'FEMALE',
          address: childHome,
        });
        this.marry(child, spouse);
        this.addChildren(child, spouse, surname, childYear);
      } else {
        if (r.chance(0.25)) child.civilStatus = 'F';
        this.addChildren(child, null, surname, childYear);
      }
    }
  }

  private addChildren(parent: Person, otherParent: Person | null, surname: string, parentYear: number): void {
    const r = this.random;
    const count = r.int(0, 3);
    for (let i = 0; i < count; i++) {
      const year = Math.min(parentYear + r.int(24, 38), 2025);
      const adult = year <= 2007;
      const sex = r.chance(0.5) ? 'FEMALE' : 'MALE';
      const home = adult ? this.randomAddress(r.int(Math.max(year + 19, 1990), 2025)) : parent.address;
      const child = this.add({
        lastName: surname,
        birthDate: this.randomBirthDate(year, year),
        sex,
        address: home,
        withoutModulus11: year >= 2007 && r.chance(0.3),
      });
      this.relate(parent, child);
      if (otherParent) this.relate(otherParent, child);
    }
  }

  /** Issues an unused CPR number for the birth date and sex, honouring the century table. */
  issueCpr(birthDate: string, sex: 'FEMALE' | 'MALE', withoutModulus11: boolean): string {
    const [year, month, day] = birthDate.split('-');
    const yy = Number(year.slice(2));
    const centuryDigits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => centuryYear(yy, d) === Number(year));
    const datePart = `${day}${month}${year.slice(2)}`;
    const wantsModulus11 = !withoutModulus11 || Number(year) < 2007;
    const start = this.random.int(0, 999);
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const digit = centuryDigits[attempt % centuryDigits.length];
      const middle = (start + Math.floor(attempt / centuryDigits.length)) % 1000;
      const serial = `${digit}${String(middle).padStart(3, '0')}`;
      const cpr = datePart + serial;
      if ((Number(serial[3]) % 2 === 1) !== (sex === 'MALE')) continue;
      if (passesModulus11(cpr) !== wantsModulus11) continue;
      if (this.issued.has(cpr)) continue;
      return cpr;
    }
    throw new Error(`no CPR number left for ${birthDate} ${sex}`);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
