import { ageOn } from '../../platform/calendar';
import { type Person, stableHash } from '../population';
import { type BoligPost, type BoligtypeKode, ddmmyyyy, pad } from './records';

/** Dwelling types where the occupant pays rent (and so may get housing benefit). */
export const RENTED_TYPES: ReadonlySet<BoligtypeKode> = new Set(['LEJL', 'LHUS', 'VAER', 'ANDL', 'AELD']);

/** The people sharing one address, as the register counts them. */
export interface Household {
  readonly key: string;
  readonly residents: number;
  /** ISO birth date of the oldest resident. */
  readonly oldestBirthDate: string;
}

/**
 * The dwelling record of an adult, derived from the household's address so every run agrees
 * and people living together share one dwelling. Children have no record of their own.
 */
export function deriveDwelling(person: Person, household: Household, onDate: string): BoligPost | null {
  if (ageOn(person.birthDate, onDate) < 18) return null;
  const residents = household.residents;
  const hash = stableHash(`${household.key}:bolig`);
  const type = dwellingType(hash % 100, person.address.floor !== null, ageOn(household.oldestBirthDate, onDate) >= 67, residents);
  const area = areaOf(type, hash >>> 8);
  const rentPerSquareMetreOre = 7000 + ((hash >>> 16) % 4001);
  return {
    CPRNR: person.cpr,
    BOLIGTYPE: type,
    HUSLEJE_ORE: type === 'EJER' ? '' : String(area * rentPerSquareMetreOre),
    BOLIGAREAL_M2: pad(area, 3),
    ANTAL_BEBOERE: pad(residents, 2),
    INDFLYTNING_DATO: ddmmyyyy(person.address.movedIn),
  };
}

function dwellingType(roll: number, apartment: boolean, pensioner: boolean, residents: number): BoligtypeKode {
  if (!apartment) return roll < 25 ? 'LHUS' : 'EJER';
  if (pensioner) return roll < 55 ? 'LEJL' : roll < 70 ? 'AELD' : roll < 85 ? 'ANDL' : 'EJER';
  if (roll < 60) return 'LEJL';
  if (roll < 70) return residents === 1 ? 'VAER' : 'LEJL';
  return roll < 85 ? 'ANDL' : 'EJER';
}

function areaOf(type: BoligtypeKode, roll: number): number {
  switch (type) {
    case 'VAER':
      return 12 + (roll % 14);
    case 'AELD':
      return 45 + (roll % 30);
    case 'LHUS':
    case 'EJER':
      return 80 + (roll % 140);
    default:
      return 35 + (roll % 90);
  }
}

/** Address key: people sharing it live together. */
export function householdKey(person: Person): string {
  const a = person.address;
  return [a.street, a.houseNumber, a.floor ?? '', a.door ?? '', a.postalCode].join('|');
}
