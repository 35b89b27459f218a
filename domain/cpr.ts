/**
 * CPR numbers (DDMMYY-SSSS): parsing and the facts derived from them.
 *
 * The 7th digit and the two-digit year give the century; the 10th digit gives the sex.
 * The modulus-11 check is reported but never enforced: since 2007 the register issues
 * valid numbers that fail it, and they must be served.
 */

import { ageOn, daysInMonth } from '../platform/calendar';
import { centuryYear, passesModulus11 } from '../platform/cprNumber';

/** The number format's arithmetic lives in platform/ (the legacy register implements the same public standard). */
export { ageOn, centuryYear, passesModulus11 };

export type Sex = 'FEMALE' | 'MALE';

export interface ParsedCpr {
  /** Normalized form: ten digits, no hyphen. */
  readonly cpr: string;
  /** ISO date, YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sex: Sex;
  /** Whether the number passes the pre-2007 modulus-11 check (informational only). */
  readonly passesModulus11: boolean;
}

export type CprParseResult = { ok: true; value: ParsedCpr } | { ok: false; reason: string };

const CPR_SHAPE = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;

export function parseCpr(input: string): CprParseResult {
  if (typeof input !== 'string') return { ok: false, reason: 'a CPR number must be a string' };
  const match = CPR_SHAPE.exec(input.trim());
  if (!match) {
    return { ok: false, reason: 'a CPR number has ten digits, DDMMYYSSSS or DDMMYY-SSSS' };
  }
  const [, dd, mm, yy, serial] = match;
  const day = Number(dd);
  const month = Number(mm);
  const year = centuryYear(Number(yy), Number(serial[0]));
  if (month < 1 || month > 12) return { ok: false, reason: `month ${mm} does not exist` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `day ${dd} does not exist in ${year}-${mm}` };
  }
  const cpr = `${dd}${mm}${yy}${serial}`;
  return {
    ok: true,
    value: {
      cpr,
      birthDate: `${year}-${mm}-${dd}`,
      sex: Number(serial[3]) % 2 === 1 ? 'MALE' : 'FEMALE',
      passesModulus11: passesModulus11(cpr),
    },
  };
}

/** "120338-1234" to "120338-****": the form CPR numbers take in logs. */
export function maskCpr(cpr: string): string {
  const digits = cpr.replace('-', '');
  return `${digits.slice(0, 6)}-****`;
}
