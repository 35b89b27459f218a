import { municipalityName } from './municipalities';
import type { CivilStatusCode, RegisterAddress, RegisterName, RegisterPerson } from '../../domain/register/registerTypes';

/** A Citizen as resolvers pass it on: the key only; every other field loads or derives from it. */
export interface CitizenRef {
  readonly cpr: string;
  /**
   * The caller knows this number already: they named it, or it came in a record they may read
   * (a relation). Its cpr field is then answered without a check; other fields are always checked.
   */
  readonly known?: boolean;
}

export type CivilStatus = 'UNMARRIED' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';

const CIVIL_STATUS: Readonly<Record<CivilStatusCode, CivilStatus>> = {
  U: 'UNMARRIED',
  G: 'MARRIED',
  F: 'DIVORCED',
  E: 'WIDOWED',
};

export function toCivilStatus(code: CivilStatusCode): CivilStatus {
  return CIVIL_STATUS[code];
}

export function toPersonName(name: RegisterName) {
  return { ...name, full: [name.first, name.middle, name.last].filter(Boolean).join(' ') };
}

export function toAddress(address: RegisterAddress) {
  const { municipalityCode, ...rest } = address;
  return { ...rest, municipality: { code: municipalityCode, name: municipalityName(municipalityCode) } };
}

export function parentsOf(person: RegisterPerson): CitizenRef[] {
  return person.relations.filter((r) => r.type === 'M' || r.type === 'F').map((r) => ({ cpr: r.cpr, known: true }));
}

export function childrenOf(person: RegisterPerson): CitizenRef[] {
  return person.relations.filter((r) => r.type === 'B').map((r) => ({ cpr: r.cpr, known: true }));
}

export function spouseOf(person: RegisterPerson): CitizenRef | null {
  const spouseCpr = person.civilStatus?.code === 'G' ? person.civilStatus.spouseCpr : null;
  return spouseCpr ? { cpr: spouseCpr, known: true } : null;
}
