import type { Population } from '../population';
import { deriveBenefitCase } from './deriveBenefit';
import { type Household, deriveDwelling, householdKey } from './deriveDwelling';
import { personaHousing } from './personaHousing';
import { type AnsoegningPost, type BoligPost, type BoligstoettePost, type BoligtypeKode, ddmmyyyy, pad } from './records';

/** The date the derived data describes ("today" for the stand-in), fixed so every run agrees. */
export const HOUSING_REFERENCE_DATE = '2026-01-01';

/** A validated application as filed through POST /ydelse/boligstoette/ansoegning. */
export interface NewApplication {
  readonly CPRNR: string;
  readonly BOLIGTYPE: BoligtypeKode;
  readonly HUSLEJE_ORE: string;
  readonly BOLIGAREAL_M2: string;
  readonly ANTAL_BEBOERE: string;
  readonly HUSSTANDSINDKOMST_ORE: string;
}

/** The housing-benefit system's data: derived at start, plus what is filed while it runs (in memory). */
export interface HousingRegister {
  knows(cpr: string): boolean;
  dwelling(cpr: string): BoligPost | undefined;
  benefit(cpr: string): BoligstoettePost | undefined;
  /** Newest first. */
  applications(cpr: string): readonly AnsoegningPost[];
  file(application: NewApplication, receivedOn: string): AnsoegningPost;
}

export function createHousingRegister(population: Population, onDate = HOUSING_REFERENCE_DATE): HousingRegister {
  const households = new Map<string, Household>();
  for (const person of population.people) {
    const key = householdKey(person);
    const known = households.get(key);
    households.set(key, {
      key,
      residents: (known?.residents ?? 0) + 1,
      oldestBirthDate: known && known.oldestBirthDate < person.birthDate ? known.oldestBirthDate : person.birthDate,
    });
  }

  const dwellings = new Map<string, BoligPost>();
  const benefits = new Map<string, BoligstoettePost>();
  const applications = new Map<string, AnsoegningPost[]>();
  let sequence = 0;
  const number = (receivedDdmmyyyy: string) => `BS${receivedDdmmyyyy.slice(4)}${pad(++sequence, 6)}`;

  for (const person of population.people) {
    const persona = personaHousing(person.cpr);
    const dwelling = persona?.dwelling ?? deriveDwelling(person, households.get(householdKey(person))!, onDate);
    if (!dwelling) continue;
    dwellings.set(person.cpr, dwelling);
    const benefitCase = persona?.benefitCase ?? deriveBenefitCase(person, dwelling, onDate);
    if (benefitCase.benefit) benefits.set(person.cpr, benefitCase.benefit);
    if (benefitCase.applications.length > 0) {
      applications.set(person.cpr, benefitCase.applications.map((a) => ({ ANSOEGNING_NR: number(a.MODTAGET_DATO), ...a })));
    }
  }

  return {
    knows: (cpr) => population.byCpr.has(cpr),
    dwelling: (cpr) => dwellings.get(cpr),
    benefit: (cpr) => benefits.get(cpr),
    applications: (cpr) => applications.get(cpr) ?? [],
    file(application, receivedOn) {
      const received = ddmmyyyy(receivedOn);
      const filed: AnsoegningPost = {
        ANSOEGNING_NR: number(received),
        CPRNR: application.CPRNR,
        MODTAGET_DATO: received,
        STATUS: 'UBH',
        AFGOERELSE_DATO: '00000000',
        BEGRUNDELSE: ''.padEnd(40, ' '),
      };
      applications.set(application.CPRNR, [filed, ...(applications.get(application.CPRNR) ?? [])]);
      return filed;
    },
  };
}
