/**
 * The housing-benefit system's wire shapes, as our client receives them (UPPERCASE Danish
 * keys, every value a string). Nothing here is trusted: mapping.ts checks each field.
 */

export interface BoligPost {
  readonly CPRNR: string;
  /** LEJL, LHUS, VAER, ANDL, EJER, AELD. */
  readonly BOLIGTYPE: string;
  /** Øre as digits; "" for owner-occupied dwellings. */
  readonly HUSLEJE_ORE: string;
  /** Zero-padded, e.g. "068". */
  readonly BOLIGAREAL_M2: string;
  /** Zero-padded, e.g. "01". */
  readonly ANTAL_BEBOERE: string;
  /** DDMMYYYY. */
  readonly INDFLYTNING_DATO: string;
}

export interface BoligstoettePost {
  readonly CPRNR: string;
  /** Øre as digits; "" when nothing is paid (pending, rejected). */
  readonly BOLIGSTOETTE_ORE: string;
  /** BEV, AFS, UBH, OPH. */
  readonly STATUS: string;
  readonly STATUS_TEKST?: string;
  /** DDMMYYYY; "00000000" for none. */
  readonly BEVILGET_DATO: string;
  readonly PERIODE_FRA: string;
  readonly PERIODE_TIL: string;
}

export interface AnsoegningPost {
  readonly ANSOEGNING_NR: string;
  readonly CPRNR: string;
  readonly MODTAGET_DATO: string;
  readonly STATUS: string;
  readonly AFGOERELSE_DATO: string;
  /** Free text, padded with trailing spaces. */
  readonly BEGRUNDELSE: string;
}

/** One citizen's page of applications, and how many they have in all. */
export interface AnsoegningSide {
  readonly ANTAL_I_ALT: number;
  readonly POSTER: readonly AnsoegningPost[];
}

/** The system's answer to a filed application. */
export interface AnsoegningKvittering {
  readonly ANSOEGNING_NR: string;
  readonly CPRNR: string;
  readonly STATUS: string;
  readonly MODTAGET_DATO: string;
}

/** The system's error body, on every 4xx and 5xx. */
export interface Fejl {
  readonly FEJLKODE: string;
  readonly FEJLTEKST: string;
}
