import { LegacyError } from '../../platform';
import { isIsoDate } from '../../domain';
import type { DaycareLegacyRecord, DaycareReceipt } from './records';
import type { DaycareFiled, DaycareOffer, DaycarePlace, DaycareStatus } from './types';

/**
 * The daycare system's records to graph shapes. This is the one file an agency finishes by hand:
 * name the system's codes and fields here, and the schema's types after them (schema.graphql,
 * types.ts). Anything that cannot be read (an unknown code, an impossible date) is a LegacyError
 * 'bad-response' naming the system, never a guess; only the record in question fails (loaders.ts).
 */

export const DAYCARE_SYSTEM = 'daycare';

/** The system's status codes. A code missing here fails its record with bad-response: add it here and to the schema's enum. */
const STATUSES: Readonly<Record<string, DaycareStatus>> = {
  P: 'PLACED',
  V: 'WAITING',
  O: 'ENDED',
};

/** The municipality's offers (TILBUD). */
export const OFFERS: Readonly<Record<string, DaycareOffer>> = {
  VUG: 'NURSERY',
  BHV: 'KINDERGARTEN',
  SFO: 'AFTER_SCHOOL_CARE',
  FRI: 'YOUTH_CLUB',
};

export function toDaycarePlace(record: DaycareLegacyRecord): DaycarePlace {
  const municipalityCode = field(record, 'municipality').trim();
  if (!/^\d{4}$/.test(municipalityCode)) throw badResponse(`municipality is not four digits: ${JSON.stringify(municipalityCode)}`);
  const status = code(STATUSES, record, 'status');
  const institution = field(record, 'institution').normalize('NFC').trim();
  if (status === 'PLACED' && institution === '') throw badResponse('a placed child has no institution');
  const queue = count(record, 'queue');
  if (status === 'WAITING' && queue < 1) throw badResponse('a waiting child has no place in the queue');
  return {
    status,
    offer: code(OFFERS, record, 'offer'),
    institution: institution === '' ? null : institution,
    since: date(record, 'since'),
    municipalityCode,
    waitingListPosition: status === 'WAITING' ? queue : null,
  };
}

/** An offer's TILBUD code, for an application. */
export function offerCode(offer: DaycareOffer): string {
  const entry = Object.entries(OFFERS).find(([, value]) => value === offer);
  if (!entry) throw new Error(`offerCode: unknown offer ${offer}`);
  return entry[0];
}

export function toFiled(receipt: DaycareReceipt): DaycareFiled {
  const reference = field(receipt, 'reference').trim();
  if (reference === '') throw badResponse('reference is empty');
  const waitingListPosition = count(receipt, 'queue');
  if (waitingListPosition < 1) throw badResponse('the receipt has no place in the queue');
  return { reference, status: code(STATUSES, receipt, 'status'), receivedOn: date(receipt, 'received'), waitingListPosition };
}

/** YYYYMMDD to YYYY-MM-DD; bad-response unless it is a real calendar date. */
export function isoFromLegacyDate(text: string, name = 'date'): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  const iso = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  if (!isIsoDate(iso)) throw badResponse(`${name} is not a YYYYMMDD date: ${JSON.stringify(text)}`);
  return iso;
}

// Each helper names the field that failed, never the citizen.

function field(record: object, name: string): string {
  const value = (record as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw badResponse(`${name} is missing or not text`);
  return value;
}

function code<T>(table: Readonly<Record<string, T>>, record: object, name: string): T {
  const raw = field(record, name).trim();
  const value = Object.hasOwn(table, raw) ? table[raw] : undefined;
  if (value === undefined) throw badResponse(`${name} has unknown code ${JSON.stringify(raw)}`);
  return value;
}

function count(record: object, name: string): number {
  const raw = field(record, name).trim();
  if (!/^\d{1,6}$/.test(raw)) throw badResponse(`${name} is not a whole number: ${JSON.stringify(raw)}`);
  return Number(raw);
}

function date(record: object, name: string): string {
  return isoFromLegacyDate(field(record, name), name);
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(DAYCARE_SYSTEM, 'bad-response', detail);
}
