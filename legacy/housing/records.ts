/**
 * The housing-benefit system's records exactly as it sends them: UPPERCASE Danish keys,
 * every value a string, amounts in øre ("184550"), dates DDMMYYYY ("01081979").
 * An empty amount ("") means "no amount"; the date "00000000" means "no date".
 */

/** Dwelling (bolig) codes: LEJL rented flat, LHUS rented house, VAER room, ANDL cooperative, EJER owned, AELD senior housing. */
export type BoligtypeKode = 'LEJL' | 'LHUS' | 'VAER' | 'ANDL' | 'EJER' | 'AELD';

/** Case status: BEV bevilget (granted), AFS afslået (rejected), UBH under behandling (pending), OPH ophørt (ended). */
export type StatusKode = 'BEV' | 'AFS' | 'UBH' | 'OPH';

export interface BoligPost {
  readonly CPRNR: string;
  readonly BOLIGTYPE: BoligtypeKode;
  /** Monthly rent in øre; "" for owner-occupied dwellings. */
  readonly HUSLEJE_ORE: string;
  /** Zero-padded to three digits, e.g. "068". */
  readonly BOLIGAREAL_M2: string;
  /** Zero-padded to two digits, e.g. "01". */
  readonly ANTAL_BEBOERE: string;
  readonly INDFLYTNING_DATO: string;
}

export interface BoligstoettePost {
  readonly CPRNR: string;
  /** Monthly benefit in øre; "" while pending or after rejection. */
  readonly BOLIGSTOETTE_ORE: string;
  readonly STATUS: StatusKode;
  readonly STATUS_TEKST: string;
  readonly BEVILGET_DATO: string;
  readonly PERIODE_FRA: string;
  readonly PERIODE_TIL: string;
}

export interface AnsoegningPost {
  readonly ANSOEGNING_NR: string;
  readonly CPRNR: string;
  readonly MODTAGET_DATO: string;
  readonly STATUS: StatusKode;
  readonly AFGOERELSE_DATO: string;
  /** Free text from the caseworker, padded with trailing spaces by the old system. */
  readonly BEGRUNDELSE: string;
}

export const STATUS_TEKST: Record<StatusKode, string> = {
  BEV: 'Bevilget',
  AFS: 'Afslået',
  UBH: 'Under behandling',
  OPH: 'Ophørt',
};

export const NO_DATE = '00000000';

/** ISO YYYY-MM-DD to the system's DDMMYYYY. */
export function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}${m}${y}`;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
