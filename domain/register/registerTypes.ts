/** The population register's view of a person, as decoded from its records (register codes kept). */

/** Civil status codes: U unmarried, G married, F divorced, E widowed. */
export type CivilStatusCode = 'U' | 'G' | 'F' | 'E';

/** Relation types: M mother, F father, B child. */
export type RelationCode = 'M' | 'F' | 'B';

export interface RegisterName {
  readonly first: string;
  readonly middle: string | null;
  readonly last: string;
}

export interface RegisterAddress {
  readonly street: string;
  readonly houseNumber: string;
  readonly floor: string | null;
  readonly door: string | null;
  readonly postalCode: string;
  readonly city: string;
  /** Four digits, e.g. "0751". */
  readonly municipalityCode: string;
  /** ISO date. */
  readonly movedIn: string;
}

export interface RegisterCivilStatus {
  readonly code: CivilStatusCode;
  readonly spouseCpr: string | null;
  /** ISO date the status began; null when the register has none (unmarried). */
  readonly since: string | null;
}

export interface RegisterRelation {
  readonly type: RelationCode;
  readonly cpr: string;
}

export interface RegisterPerson {
  readonly cpr: string;
  /** ISO date as the register holds it; must agree with the CPR number. */
  readonly birthDate: string;
  /** The register's sex code: M (mand) or K (kvinde). */
  readonly sex: 'M' | 'K';
  /** Two-digit register status, e.g. "01" resident in Denmark. */
  readonly status: string;
  readonly name: RegisterName;
  readonly address: RegisterAddress | null;
  readonly civilStatus: RegisterCivilStatus | null;
  readonly relations: readonly RegisterRelation[];
}
