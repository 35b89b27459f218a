import type { BoligtypeKode } from './records';
import type { NewApplication } from './register';
import type { Parsed } from './requestInput';

const BOLIGTYPER: readonly BoligtypeKode[] = ['LEJL', 'LHUS', 'VAER', 'ANDL', 'EJER', 'AELD'];
const DIGITS = /^\d{1,10}$/;
const KLIENT_REF = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks a filed application field by field, in the order the old system does, and answers
 * with the first problem (one FEJLKODE per answer, as the real system does). KLIENT_REF, the
 * caller's own reference for the filing, is optional.
 */
export function readApplication(body: Record<string, unknown>, knows: (cpr: string) => boolean): Parsed<NewApplication> {
  const { CPRNR, BOLIGTYPE, HUSLEJE_ORE, BOLIGAREAL_M2, ANTAL_BEBOERE, HUSSTANDSINDKOMST_ORE, KLIENT_REF: klientRef } = body;
  if (typeof CPRNR !== 'string' || !/^\d{10}$/.test(CPRNR)) return { ok: false, code: 'VAL001' };
  if (!knows(CPRNR)) return { ok: false, code: 'ANS001' };
  if (typeof BOLIGTYPE !== 'string' || !BOLIGTYPER.includes(BOLIGTYPE as BoligtypeKode)) return { ok: false, code: 'ANS002' };
  const owned = BOLIGTYPE === 'EJER';
  if (typeof HUSLEJE_ORE !== 'string' || (owned ? HUSLEJE_ORE !== '' : !DIGITS.test(HUSLEJE_ORE))) return { ok: false, code: 'ANS003' };
  if (!inRange(BOLIGAREAL_M2, 1, 999)) return { ok: false, code: 'ANS004' };
  if (!inRange(ANTAL_BEBOERE, 1, 99)) return { ok: false, code: 'ANS005' };
  if (typeof HUSSTANDSINDKOMST_ORE !== 'string' || !DIGITS.test(HUSSTANDSINDKOMST_ORE)) return { ok: false, code: 'ANS006' };
  if (klientRef !== undefined && (typeof klientRef !== 'string' || !KLIENT_REF.test(klientRef))) return { ok: false, code: 'ANS007' };
  return {
    ok: true,
    value: {
      CPRNR,
      BOLIGTYPE: BOLIGTYPE as BoligtypeKode,
      HUSLEJE_ORE,
      BOLIGAREAL_M2: BOLIGAREAL_M2 as string,
      ANTAL_BEBOERE: ANTAL_BEBOERE as string,
      HUSSTANDSINDKOMST_ORE,
      ...(klientRef === undefined ? {} : { KLIENT_REF: klientRef as string }),
    },
  };
}

function inRange(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value)) return false;
  const n = Number(value);
  return n >= min && n <= max;
}
