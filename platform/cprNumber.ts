/**
 * The CPR number format's arithmetic: a public national standard that every agency system and
 * the graph implement alike. Pure functions, no policy: parsing, masking and what the graph
 * does with a number live in domain/cpr.ts.
 */

const MODULUS_11_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** Full birth year from the two-digit year and the 7th digit (the register's century table). */
export function centuryYear(twoDigitYear: number, seventhDigit: number): number {
  if (seventhDigit <= 3) return 1900 + twoDigitYear;
  if (seventhDigit === 4 || seventhDigit === 9) {
    return twoDigitYear <= 36 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
  }
  return twoDigitYear <= 57 ? 2000 + twoDigitYear : 1800 + twoDigitYear;
}

export function passesModulus11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * MODULUS_11_WEIGHTS[i];
  return sum % 11 === 0;
}

/** Anything shaped like a CPR number (ten digits, a hyphen allowed after six), not inside a longer run of digits: what must never leave in clear. */
export const CPR_SHAPED = /(?<!\d)\d{6}-?\d{4}(?!\d)/;
