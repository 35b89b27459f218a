import { stableHash, type Address, type CivilStatusCode, type Person, type Population } from '../population';

/** What the register holds about one person beyond the shared population. */
export interface RegisterEntry {
  readonly person: Person;
  readonly address: Address;
  /** Two-digit status; "01": resident with an address in Denmark. */
  readonly status: string;
  readonly civilStatus: CivilStatusCode;
  readonly spouseCpr: string | null;
  /** ISO date the civil status began; null for unmarried. */
  readonly civilStatusSince: string | null;
}

/** The latest date the synthetic register has events on, so derived dates never lie in the future. */
const LAST_EVENT_YEAR = 2025;

/**
 * The stand-in's in-memory register, seeded from the shared population. Address changes are
 * kept here, never written into the shared population objects other stand-ins read.
 */
export class PopulationRegister {
  private readonly movedAddresses = new Map<string, Address>();

  constructor(private readonly population: Population) {}

  find(cpr: string): RegisterEntry | null {
    const person = this.population.byCpr.get(cpr);
    if (!person) return null;
    return {
      person,
      address: this.movedAddresses.get(cpr) ?? person.address,
      status: '01',
      civilStatus: person.civilStatus,
      spouseCpr: person.civilStatus === 'G' ? person.spouseCpr : null,
      civilStatusSince: this.civilStatusSince(person),
    };
  }

  /** Records a move; false when the register does not know the person. */
  changeAddress(cpr: string, address: Address): boolean {
    if (!this.population.byCpr.has(cpr)) return false;
    this.movedAddresses.set(cpr, address);
    return true;
  }

  /** Deterministic: a couple gets the same wedding date from both sides. */
  private civilStatusSince(person: Person): string | null {
    const birthYear = Number(person.birthDate.slice(0, 4));
    switch (person.civilStatus) {
      case 'U':
        return null;
      case 'G': {
        const spouse = person.spouseCpr ? this.population.byCpr.get(person.spouseCpr) : undefined;
        const couple = [person.cpr, person.spouseCpr ?? ''].sort().join('+');
        const youngest = Math.max(birthYear, spouse ? Number(spouse.birthDate.slice(0, 4)) : birthYear);
        return derivedDate(`${couple}:married`, youngest + 20, 15);
      }
      case 'F':
        return derivedDate(`${person.cpr}:divorced`, birthYear + 25, 20);
      case 'E':
        return derivedDate(`${person.cpr}:widowed`, birthYear + 55, 25);
    }
  }
}

function derivedDate(seed: string, fromYear: number, spanYears: number): string {
  const hash = stableHash(seed);
  const year = Math.min(fromYear + (hash % spanYears), LAST_EVENT_YEAR);
  const month = ((hash >>> 8) % 12) + 1;
  const day = ((hash >>> 16) % 28) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
