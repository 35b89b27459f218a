import { LegacyError } from '../../platform/errors';
import { decodeRecord, FixedWidthError, type DecodedRecord, type FieldValues } from './fixedWidth';
import { CPR_LAYOUT_TABLE, RecordType } from './cprRecords';
import type { CivilStatusCode, RegisterAddress, RegisterPerson, RegisterRelation, RelationCode } from './registerTypes';

export const CPR_SYSTEM = 'cpr';

/** The register's answer to a batch lookup: a person or "not found" for every CPR number asked. */
export interface LookupAnswer {
  readonly persons: ReadonlyMap<string, RegisterPerson>;
  readonly notFound: ReadonlySet<string>;
}

/** The register's answer to an address change: the address now on file, or null when it does not know the person. */
export type AddressChangeAnswer = RegisterAddress | null;

/** An error record (900) as the register writes it. */
export interface RegisterErrorRecord {
  readonly errorCode: string;
  readonly message: string;
}

/** Decodes a lookup response (ISO-8859-1 bytes); anything off-contract is a LegacyError 'bad-response'. */
export function decodeLookupResponse(body: Buffer, requested: readonly string[]): LookupAnswer {
  const records = readBatch(body, requested.length);
  const asked = new Set(requested);
  const persons = new Map<string, RegisterPerson>();
  const notFound = new Set<string>();
  let i = 0;
  while (i < records.length) {
    const { line, record } = records[i];
    const cpr = required(record.values, 'cpr', line);
    if (!asked.has(cpr)) throw badResponse(`line ${line}: record ${record.type} is for a CPR number that was not asked for`);
    if (persons.has(cpr) || notFound.has(cpr)) throw badResponse(`line ${line}: a second answer for the same CPR number`);
    if (record.type === RecordType.NOT_FOUND) {
      notFound.add(cpr);
      i++;
      continue;
    }
    if (record.type !== RecordType.PERSON) throw badResponse(`line ${line}: expected a person (001) or not-found (910) record, got ${record.type}`);
    let end = i + 1;
    while (end < records.length && !([RecordType.PERSON, RecordType.NOT_FOUND] as string[]).includes(records[end].record.type)) end++;
    persons.set(cpr, assemblePerson(records.slice(i, end), cpr));
    i = end;
  }
  const missing = requested.filter((cpr) => !persons.has(cpr) && !notFound.has(cpr));
  if (missing.length > 0) throw badResponse(`no answer for ${missing.length} of the CPR numbers asked`);
  return { persons, notFound };
}

/** Decodes an address-change response: one 003 (the address now on file) or one 910. */
export function decodeAddressChangeResponse(body: Buffer, cpr: string): AddressChangeAnswer {
  const records = readBatch(body, 1);
  if (records.length !== 1) throw badResponse(`an address change is answered with one record, got ${records.length}`);
  const { line, record } = records[0];
  if (required(record.values, 'cpr', line) !== cpr) throw badResponse(`line ${line}: the answer is for another CPR number`);
  if (record.type === RecordType.NOT_FOUND) return null;
  if (record.type !== RecordType.ADDRESS) throw badResponse(`line ${line}: expected an address (003) or not-found (910) record, got ${record.type}`);
  return toAddress(record.values, line);
}

/** Reads a 900 error record from a failure body, or null when the body is not one. */
export function readErrorRecord(body: Buffer): RegisterErrorRecord | null {
  try {
    const record = decodeRecord(body.toString('latin1').replace(/\r\n$/, ''), CPR_LAYOUT_TABLE);
    if (record.type !== RecordType.ERROR) return null;
    return { errorCode: record.values.errorCode ?? '0000', message: record.values.message ?? '' };
  } catch {
    return null;
  }
}

interface NumberedRecord {
  /** 1-based line number in the response, for error messages. */
  readonly line: number;
  readonly record: DecodedRecord;
}

/** Checks the batch frame (000 header, 999 trailer, counts, CRLF) and returns the records between. */
function readBatch(body: Buffer, expectedCount: number): NumberedRecord[] {
  const text = body.toString('latin1');
  if (!text.endsWith('\r\n')) throw badResponse('the response does not end with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  const records = lines.map((line, index) => ({ line: index + 1, record: decodeLine(line, index + 1) }));
  const header = records[0].record;
  const trailer = records[records.length - 1].record;
  if (header.type === RecordType.ERROR) throw new LegacyError(CPR_SYSTEM, 'fault', `error record ${header.values.errorCode}: ${header.values.message ?? ''}`);
  if (header.type !== RecordType.HEADER) throw badResponse(`line 1: expected a start-of-batch record (000), got ${header.type}`);
  if (records.length < 2 || trailer.type !== RecordType.TRAILER) throw badResponse('the response does not end with an end-of-batch record (999)');
  if (Number(trailer.values.recordCount) !== records.length)
    throw badResponse(`the trailer counts ${Number(trailer.values.recordCount)} records, the response has ${records.length}`);
  if (Number(header.values.count) !== expectedCount)
    throw badResponse(`the header answers ${Number(header.values.count)} CPR numbers, ${expectedCount} were asked`);
  const inner = records.slice(1, -1);
  const stray = inner.find(({ record }) => [RecordType.HEADER, RecordType.TRAILER, RecordType.ERROR].includes(record.type as never));
  if (stray) throw badResponse(`line ${stray.line}: record ${stray.record.type} inside a batch`);
  return inner;
}

function decodeLine(line: string, number: number): DecodedRecord {
  try {
    return decodeRecord(line, CPR_LAYOUT_TABLE);
  } catch (error) {
    if (error instanceof FixedWidthError) throw badResponse(`line ${number}: ${error.message}`);
    throw error;
  }
}

function assemblePerson(group: readonly NumberedRecord[], cpr: string): RegisterPerson {
  const [first, ...rest] = group;
  const person = first.record.values;
  const byType = (type: string) => rest.filter(({ record }) => record.type === type);
  for (const { line, record } of rest) {
    if (record.values.cpr !== cpr) throw badResponse(`line ${line}: record ${record.type} is for another person than the 001 before it`);
  }
  const names = byType(RecordType.NAME);
  const addresses = byType(RecordType.ADDRESS);
  const civil = byType(RecordType.CIVIL_STATUS);
  if (names.length !== 1) throw badResponse(`line ${first.line}: a person has one name record (002), got ${names.length}`);
  if (addresses.length > 1 || civil.length > 1) throw badResponse(`line ${first.line}: a person has at most one 003 and one 004 record`);
  const name = names[0].record.values;
  return {
    cpr,
    birthDate: required(person, 'birthDate', first.line),
    sex: oneOf(person, 'sex', ['M', 'K'] as const, first.line),
    status: required(person, 'status', first.line),
    name: { first: required(name, 'first', names[0].line), middle: name.middle, last: required(name, 'last', names[0].line) },
    address: addresses[0] ? toAddress(addresses[0].record.values, addresses[0].line) : null,
    civilStatus: civil[0]
      ? {
          code: oneOf<CivilStatusCode>(civil[0].record.values, 'code', ['U', 'G', 'F', 'E'], civil[0].line),
          spouseCpr: civil[0].record.values.spouseCpr,
          since: civil[0].record.values.since,
        }
      : null,
    relations: byType(RecordType.RELATION).map(
      ({ line, record }): RegisterRelation => ({
        type: oneOf<RelationCode>(record.values, 'relationType', ['M', 'F', 'B'], line),
        cpr: required(record.values, 'relatedCpr', line),
      }),
    ),
  };
}

function toAddress(values: FieldValues, line: number): RegisterAddress {
  return {
    street: required(values, 'street', line),
    houseNumber: required(values, 'houseNumber', line),
    floor: values.floor,
    door: values.door,
    postalCode: required(values, 'postalCode', line),
    city: required(values, 'city', line),
    municipalityCode: required(values, 'municipalityCode', line),
    movedIn: required(values, 'movedIn', line),
  };
}

function required(values: FieldValues, field: string, line: number): string {
  const value = values[field];
  if (value === null || value === undefined) throw badResponse(`line ${line}: field "${field}" is blank`);
  return value;
}

function oneOf<T extends string>(values: FieldValues, field: string, allowed: readonly T[], line: number): T {
  const value = required(values, field, line);
  if (!allowed.includes(value as T)) throw badResponse(`line ${line}: field "${field}" must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(CPR_SYSTEM, 'bad-response', detail);
}
