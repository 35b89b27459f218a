/**
 * Fixed-width records as the population register writes them: a 3-digit record type in
 * positions 1-3, then fields at fixed positions. Layouts are data (see cprRecords.ts);
 * this file only knows how to read and write one line against a layout.
 */
import { isIsoDate } from '../dateScalar';

/** How a field's characters are written. A blank field (all spaces) is null for every kind. */
export type FieldKind =
  /** Left-aligned, right-padded with spaces; ISO-8859-1 characters only. */
  | 'text'
  /** Digits only, right-aligned, zero-padded. Kept as a string (postal and municipality codes keep leading zeros). */
  | 'number'
  /** YYYYMMDD on the wire, ISO YYYY-MM-DD in code. */
  | 'date'
  /** Ten digits. */
  | 'cpr';

export interface FieldSpec {
  readonly name: string;
  /** 1-based position of the first character, as in RECORDS.md. */
  readonly start: number;
  readonly width: number;
  readonly kind: FieldKind;
}

export interface RecordLayout {
  /** The 3-digit record type, e.g. "002". */
  readonly type: string;
  /** What the record holds, for error messages. */
  readonly name: string;
  /** Fields after the record type, contiguous from position 4. */
  readonly fields: readonly FieldSpec[];
}

export type FieldValues = Readonly<Record<string, string | null>>;

export interface DecodedRecord {
  readonly type: string;
  readonly values: FieldValues;
}

/** A line or a value that does not fit its layout. */
export class FixedWidthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixedWidthError';
  }
}

const TYPE_WIDTH = 3;

/** Total characters of a record of this layout, the type included. */
export function recordWidth(layout: RecordLayout): number {
  const last = layout.fields[layout.fields.length - 1];
  return last ? last.start + last.width - 1 : TYPE_WIDTH;
}

/** Indexes layouts by type, refusing a layout whose fields overlap or leave gaps (a typo in a table fails at start). */
export function layoutTable(layouts: readonly RecordLayout[]): ReadonlyMap<string, RecordLayout> {
  const table = new Map<string, RecordLayout>();
  for (const layout of layouts) {
    if (!/^\d{3}$/.test(layout.type)) throw new Error(`record layout "${layout.name}": type must be three digits, got "${layout.type}"`);
    if (table.has(layout.type)) throw new Error(`record layout "${layout.name}": type ${layout.type} is already used by "${table.get(layout.type)!.name}"`);
    let next = TYPE_WIDTH + 1;
    for (const field of layout.fields) {
      if (field.start !== next)
        throw new Error(`record layout ${layout.type} "${layout.name}": field "${field.name}" starts at ${field.start}, expected ${next}`);
      if (!(field.width > 0)) throw new Error(`record layout ${layout.type}: field "${field.name}" needs a width > 0, got ${field.width}`);
      next = field.start + field.width;
    }
    table.set(layout.type, layout);
  }
  return table;
}

/** Reads one line (without its CRLF) against the layout its first three characters name. */
export function decodeRecord(line: string, layouts: ReadonlyMap<string, RecordLayout>): DecodedRecord {
  const type = line.slice(0, TYPE_WIDTH);
  const layout = layouts.get(type);
  if (!layout) throw new FixedWidthError(`unknown record type "${type}"`);
  const width = recordWidth(layout);
  if (line.length !== width) throw new FixedWidthError(`record ${type} (${layout.name}) is ${width} characters, got ${line.length}`);
  const values: Record<string, string | null> = {};
  for (const field of layout.fields) {
    const raw = line.slice(field.start - 1, field.start - 1 + field.width);
    values[field.name] = decodeField(raw, field, type);
  }
  return { type, values };
}

/** Writes one record (without its CRLF); a value that does not fit is an error, never silently cut. */
export function encodeRecord(layout: RecordLayout, values: Readonly<Record<string, string | null | undefined>>): string {
  let line = layout.type;
  for (const field of layout.fields) line += encodeField(values[field.name] ?? null, field, layout.type);
  return line;
}

function decodeField(raw: string, field: FieldSpec, type: string): string | null {
  if (/[\x00-\x1f\x7f-\x9f]/.test(raw)) throw new FixedWidthError(`record ${type} field "${field.name}" holds a control character`);
  if (raw.trim() === '') return null;
  switch (field.kind) {
    case 'text':
      return raw.trimEnd();
    case 'number':
      if (!/^\d+$/.test(raw)) throw new FixedWidthError(`record ${type} field "${field.name}" must be ${field.width} digits, got "${raw}"`);
      return raw;
    case 'cpr':
      if (!/^\d{10}$/.test(raw)) throw new FixedWidthError(`record ${type} field "${field.name}" must be a ten-digit CPR number or blank`);
      return raw;
    case 'date': {
      const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
      if (!/^\d{8}$/.test(raw) || !isIsoDate(iso))
        throw new FixedWidthError(`record ${type} field "${field.name}" must be a date YYYYMMDD or blank, got "${raw}"`);
      return iso;
    }
  }
}

function encodeField(value: string | null, field: FieldSpec, type: string): string {
  if (value === null || value === '') return ' '.repeat(field.width);
  const fail = (what: string) => new FixedWidthError(`record ${type} field "${field.name}" (${field.width} ${field.kind}): ${what}`);
  switch (field.kind) {
    case 'text':
      if (value.length > field.width) throw fail(`"${value}" is longer than ${field.width} characters`);
      if (/[^\x20-\x7e\xa0-\xff]/.test(value)) throw fail('only printable ISO-8859-1 characters can be written');
      return value.padEnd(field.width, ' ');
    case 'number':
      if (!/^\d+$/.test(value) || value.length > field.width) throw fail(`expected up to ${field.width} digits, got "${value}"`);
      return value.padStart(field.width, '0');
    case 'cpr':
      if (!/^\d{10}$/.test(value)) throw fail('expected ten digits');
      return value;
    case 'date':
      if (!isIsoDate(value)) throw fail(`expected an ISO date YYYY-MM-DD, got "${value}"`);
      return value.replace(/-/g, '');
  }
}
