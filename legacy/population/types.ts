/** The population register's view of a person, as the stand-ins share it. */

/** Civil status codes as the register writes them. */
export type CivilStatusCode = 'U' | 'G' | 'F' | 'E';

export interface Address {
  readonly street: string;
  readonly houseNumber: string;
  readonly floor: string | null;
  readonly door: string | null;
  readonly postalCode: string;
  readonly city: string;
  readonly municipalityCode: string;
  /** ISO date the person moved in. */
  readonly movedIn: string;
}

export interface Person {
  readonly cpr: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  /** ISO date, consistent with the CPR number. */
  readonly birthDate: string;
  readonly sex: 'FEMALE' | 'MALE';
  address: Address;
  civilStatus: CivilStatusCode;
  spouseCpr: string | null;
  readonly parentCprs: string[];
  readonly childCprs: string[];
}

export interface Population {
  readonly people: readonly Person[];
  readonly byCpr: ReadonlyMap<string, Person>;
}
