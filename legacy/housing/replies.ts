import type { StandInResponse } from '../kit/standIn';

/** The system's error codes (FEJLKODE) and their fixed Danish texts. */
export const FEJL = {
  SYS001: 'Systemet er midlertidigt utilgængeligt',
  SYS404: 'Ukendt ressource',
  VAL001: 'CPRNR mangler eller er ugyldigt (10 cifre)',
  VAL002: 'For mange CPR-numre i én forespørgsel (højst 100)',
  VAL003: 'SIDE skal være 1 eller mere og SIDESTR mellem 1 og 100',
  VAL004: 'Forespørgslen er ikke gyldig JSON',
  ANS001: 'CPR-nummeret er ikke kendt i systemet',
  ANS002: 'BOLIGTYPE er ukendt (LEJL, LHUS, VAER, ANDL, EJER, AELD)',
  ANS003: 'HUSLEJE_ORE skal være et helt antal øre som tekst, tom for ejerbolig',
  ANS004: 'BOLIGAREAL_M2 skal være et tal fra 1 til 999',
  ANS005: 'ANTAL_BEBOERE skal være et tal fra 1 til 99',
  ANS006: 'HUSSTANDSINDKOMST_ORE skal være et helt antal øre som tekst',
  ANS007: 'KLIENT_REF skal være 1 til 64 tegn: bogstaver, cifre, - eller _',
  ANS008: 'KLIENT_REF er allerede brugt til en ansøgning for et andet CPR-nummer',
} as const;

export type Fejlkode = keyof typeof FEJL;

export function json(status: number, value: unknown): StandInResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** The system's only error shape: { FEJLKODE, FEJLTEKST }. */
export function fejl(status: number, code: Fejlkode): StandInResponse {
  return json(status, { FEJLKODE: code, FEJLTEKST: FEJL[code] });
}

/** A list answer, paged the old system's way. */
export interface Side<T> {
  readonly SIDE: number;
  readonly SIDESTR: number;
  readonly ANTAL_I_ALT: number;
  readonly POSTER: readonly T[];
}

export const DEFAULT_SIDESTR = 20;
export const MAX_SIDESTR = 100;

export function side<T>(items: readonly T[], page: number, size: number): Side<T> {
  return { SIDE: page, SIDESTR: size, ANTAL_I_ALT: items.length, POSTER: items.slice((page - 1) * size, page * size) };
}
