import type { Population } from '../population';
import { deriveBenefitCase } from './deriveBenefit';
import { type Household, deriveDwelling, householdKey } from './deriveDwelling';
import { personaHousing } from './personaHousing';
import { type AnsoegningPost, type BoligPost, type BoligstoettePost, type BoligtypeKode, NO_DATE, STATUS_TEKST, ddmmyyyy, pad } from './records';

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
  /** The caller's own reference: filing again with it returns the first application, filing nothing. */
  readonly KLIENT_REF?: string;
}

/** What filing did: the application, and whether it is new (false: KLIENT_REF was seen before). */
export type FilingOutcome =
  | { readonly kind: 'filed'; readonly application: AnsoegningPost }
  | { readonly kind: 'already-filed'; readonly application: AnsoegningPost }
  | { readonly kind: 'reference-taken' };

/** The housing-benefit system's data: derived at start, plus what is filed while it runs (in memory). */
export interface HousingRegister {
  knows(cpr: string): boolean;
  dwelling(cpr: string): BoligPost | undefined;
  benefit(cpr: string): BoligstoettePost | undefined;
  /** Newest first. */
  applications(cpr: string): readonly AnsoegningPost[];
  /**
   * Files an application (status UBH). A citizen without a running case (none, refused or
   * ended) gets a new case under consideration; a granted case runs on while it is considered.
   */
  file(application: NewApplication, receivedOn: string): FilingOutcome;
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
  const byReference = new Map<string, AnsoegningPost>();
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
      applications.set(
        person.cpr,
        benefitCase.applications.map((a) => ({ ANSOEGNING_NR: number(a.MODTAGET_DATO), ...a })),
      );
    }
  }

  return {
    knows: (cpr) => population.byCpr.has(cpr),
    dwelling: (cpr) => dwellings.get(cpr),
    benefit: (cpr) => benefits.get(cpr),
    applications: (cpr) => applications.get(cpr) ?? [],
    file(application, receivedOn) {
      const earlier = application.KLIENT_REF === undefined ? undefined : byReference.get(application.KLIENT_REF);
      if (earlier) return earlier.CPRNR === application.CPRNR ? { kind: 'already-filed', application: earlier } : { kind: 'reference-taken' };
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
      if (application.KLIENT_REF !== undefined) byReference.set(application.KLIENT_REF, filed);
      const current = benefits.get(application.CPRNR);
      if (!current || current.STATUS === 'AFS' || current.STATUS === 'OPH') benefits.set(application.CPRNR, pendingCase(application.CPRNR));
      return { kind: 'filed', application: filed };
    },
  };
}

function pendingCase(cpr: string): BoligstoettePost {
  return {
    CPRNR: cpr,
    BOLIGSTOETTE_ORE: '',
    STATUS: 'UBH',
    STATUS_TEKST: STATUS_TEKST.UBH,
    BEVILGET_DATO: NO_DATE,
    PERIODE_FRA: NO_DATE,
    PERIODE_TIL: NO_DATE,
  };
}
