/**
 * The register's fixed-width record layouts (RECORDS.md is the prose form of this table) and
 * the stand-in's own codec. The citizen subgraph has a separate decoder on purpose: the two
 * sides share only the wire contract, as they would in production.
 */

export type FieldKind = 'text' | 'number' | 'date' | 'cpr';

export interface Field {
  readonly name: string;
  /** 1-based position, as in RECORDS.md. */
  readonly start: number;
  readonly width: number;
  readonly kind: FieldKind;
}

export interface Layout {
  readonly type: string;
  readonly fields: readonly Field[];
}

const cpr: Field = { name: 'cpr', start: 4, width: 10, kind: 'cpr' };
const addressFields: readonly Field[] = [
  { name: 'street', start: 14, width: 40, kind: 'text' },
  { name: 'houseNumber', start: 54, width: 4, kind: 'text' },
  { name: 'floor', start: 58, width: 2, kind: 'text' },
  { name: 'door', start: 60, width: 4, kind: 'text' },
  { name: 'postalCode', start: 64, width: 4, kind: 'number' },
  { name: 'city', start: 68, width: 20, kind: 'text' },
  { name: 'municipalityCode', start: 88, width: 4, kind: 'number' },
  { name: 'movedIn', start: 92, width: 8, kind: 'date' },
];

export const LAYOUTS = {
  header: {
    type: '000',
    fields: [
      { name: 'requestId', start: 4, width: 36, kind: 'text' },
      { name: 'timestamp', start: 40, width: 14, kind: 'number' },
      { name: 'count', start: 54, width: 5, kind: 'number' },
    ],
  },
  person: {
    type: '001',
    fields: [
      cpr,
      { name: 'birthDate', start: 14, width: 8, kind: 'date' },
      { name: 'sex', start: 22, width: 1, kind: 'text' },
      { name: 'status', start: 23, width: 2, kind: 'number' },
    ],
  },
  name: {
    type: '002',
    fields: [
      cpr,
      { name: 'first', start: 14, width: 50, kind: 'text' },
      { name: 'middle', start: 64, width: 40, kind: 'text' },
      { name: 'last', start: 104, width: 40, kind: 'text' },
    ],
  },
  address: { type: '003', fields: [cpr, ...addressFields] },
  civilStatus: {
    type: '004',
    fields: [
      cpr,
      { name: 'code', start: 14, width: 1, kind: 'text' },
      { name: 'spouseCpr', start: 15, width: 10, kind: 'cpr' },
      { name: 'since', start: 25, width: 8, kind: 'date' },
    ],
  },
  relation: {
    type: '005',
    fields: [cpr, { name: 'relationType', start: 14, width: 1, kind: 'text' }, { name: 'relatedCpr', start: 15, width: 10, kind: 'cpr' }],
  },
  addressChange: { type: '103', fields: [cpr, ...addressFields, { name: 'clientReference', start: 100, width: 32, kind: 'text' }] },
  error: {
    type: '900',
    fields: [
      { name: 'errorCode', start: 4, width: 4, kind: 'number' },
      { name: 'message', start: 8, width: 80, kind: 'text' },
    ],
  },
  notFound: { type: '910', fields: [cpr, { name: 'reason', start: 14, width: 40, kind: 'text' }] },
  trailer: { type: '999', fields: [{ name: 'recordCount', start: 4, width: 7, kind: 'number' }] },
} as const satisfies Record<string, Layout>;

export type Values = Readonly<Record<string, string | null | undefined>>;

export const CRLF = '\r\n';

/** One record line (no CRLF). Text is cut to its width, as the register does; numbers that do not fit are a bug. */
export function encode(layout: Layout, values: Values): string {
  return layout.type + layout.fields.map((field) => encodeField(field, values[field.name] ?? null)).join('');
}

/** Reads one request line against a layout; null values for blank fields. Throws RecordError. */
export function decode(layout: Layout, line: string): Record<string, string | null> {
  const width = lineWidth(layout);
  if (line.length !== width) throw new RecordError(`record ${layout.type} is ${width} characters, got ${line.length}`);
  if (!line.startsWith(layout.type)) throw new RecordError(`expected record type ${layout.type}, got "${line.slice(0, 3)}"`);
  const values: Record<string, string | null> = {};
  for (const field of layout.fields) {
    const raw = line.slice(field.start - 1, field.start - 1 + field.width);
    values[field.name] = decodeField(field, raw);
  }
  return values;
}

export function lineWidth(layout: Layout): number {
  const last = layout.fields[layout.fields.length - 1];
  return last.start + last.width - 1;
}

/** A request line the register cannot read. */
export class RecordError extends Error {}

function encodeField(field: Field, value: string | null): string {
  if (value === null || value === '') return ' '.repeat(field.width);
  switch (field.kind) {
    case 'text':
      if (/[^\x20-\x7e\xa0-\xff]/.test(value)) throw new Error(`field ${field.name}: not printable ISO-8859-1`);
      return value.slice(0, field.width).padEnd(field.width, ' ');
    case 'number':
      if (!/^\d+$/.test(value) || value.length > field.width) throw new Error(`field ${field.name}: "${value}" is not up to ${field.width} digits`);
      return value.padStart(field.width, '0');
    case 'cpr':
      if (!/^\d{10}$/.test(value)) throw new Error(`field ${field.name}: not ten digits`);
      return value;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`field ${field.name}: "${value}" is not an ISO date`);
      return value.replace(/-/g, '');
  }
}

function decodeField(field: Field, raw: string): string | null {
  if (/[\x00-\x1f\x7f-\x9f]/.test(raw)) throw new RecordError(`field ${field.name} holds a control character`);
  if (raw.trim() === '') return null;
  switch (field.kind) {
    case 'text':
      return raw.trimEnd();
    case 'number':
      if (!/^\d+$/.test(raw)) throw new RecordError(`field ${field.name} must be digits`);
      return raw;
    case 'cpr':
      if (!/^\d{10}$/.test(raw)) throw new RecordError(`field ${field.name} must be ten digits`);
      return raw;
    case 'date': {
      const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
      const date = new Date(`${iso}T00:00:00Z`);
      if (!/^\d{8}$/.test(raw) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
        throw new RecordError(`field ${field.name} must be a date YYYYMMDD`);
      }
      return iso;
    }
  }
}
