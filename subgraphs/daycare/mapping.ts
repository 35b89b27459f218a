import { LegacyError } from '../../platform';
import { isIsoDate } from '../../domain';
import type { DaycareLegacyRecord, DaycareReceipt } from './records';
import type { DaycareFiled, DaycareRecord, DaycareStatus } from './types';

/**
 * The daycare system's records to graph shapes. This is the one file an agency finishes by hand:
 * name the system's codes and fields here, and the schema's types after them (schema.graphql,
 * types.ts). Anything that cannot be read (an unknown code, an impossible date) is a LegacyError
 * 'bad-response' naming the system, never a guess; only the record in question fails (loaders.ts).
 */

export const DAYCARE_SYSTEM = 'daycare';

/** The system's status codes. A code missing here fails its record with bad-response: add it here and to the schema's enum. */
const STATUSES: Readonly<Record<string, DaycareStatus>> = {
  A: 'ACTIVE',
  V: 'PENDING',
  O: 'ENDED',
};

export function toDaycareRecord(record: DaycareLegacyRecord): DaycareRecord {
  const municipalityCode = field(record, 'municipality').trim();
  if (!/^\d{4}$/.test(municipalityCode)) throw badResponse(`municipality is not four digits: ${JSON.stringify(municipalityCode)}`);
  return { status: code(STATUSES, record, 'status'), since: date(record, 'since'), municipalityCode };
}

export function toFiled(receipt: DaycareReceipt): DaycareFiled {
  const reference = field(receipt, 'reference').trim();
  if (reference === '') throw badResponse('reference is empty');
  return { reference, status: code(STATUSES, receipt, 'status'), receivedOn: date(receipt, 'received') };
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
  const value = Object.prototype.hasOwnProperty.call(table, raw) ? table[raw] : undefined;
  if (value === undefined) throw badResponse(`${name} has unknown code ${JSON.stringify(raw)}`);
  return value;
}

function date(record: object, name: string): string {
  return isoFromLegacyDate(field(record, name), name);
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(DAYCARE_SYSTEM, 'bad-response', detail);
}
