import { layoutTable, type RecordLayout } from './fixedWidth';

/** The register's record types, as documented in legacy/cpr/RECORDS.md (the wire contract). */
export const RecordType = {
  HEADER: '000',
  PERSON: '001',
  NAME: '002',
  ADDRESS: '003',
  CIVIL_STATUS: '004',
  RELATION: '005',
  ADDRESS_CHANGE: '103',
  ERROR: '900',
  NOT_FOUND: '910',
  TRAILER: '999',
} as const;

const ADDRESS_FIELDS = [
  { name: 'street', start: 14, width: 40, kind: 'text' },
  { name: 'houseNumber', start: 54, width: 4, kind: 'text' },
  { name: 'floor', start: 58, width: 2, kind: 'text' },
  { name: 'door', start: 60, width: 4, kind: 'text' },
  { name: 'postalCode', start: 64, width: 4, kind: 'number' },
  { name: 'city', start: 68, width: 20, kind: 'text' },
  { name: 'municipalityCode', start: 88, width: 4, kind: 'number' },
  { name: 'movedIn', start: 92, width: 8, kind: 'date' },
] as const;

/** Characters of the client reference in an address change (103); see clientReference() in addressChange.ts. */
export const CLIENT_REFERENCE_WIDTH = 32;

const CPR_FIELD = { name: 'cpr', start: 4, width: 10, kind: 'cpr' } as const;

/** Record layouts the citizen subgraph reads and writes; positions are 1-based. */
export const CPR_LAYOUTS: readonly RecordLayout[] = [
  {
    type: RecordType.HEADER,
    name: 'start of batch',
    fields: [
      { name: 'requestId', start: 4, width: 36, kind: 'text' },
      { name: 'timestamp', start: 40, width: 14, kind: 'number' },
      { name: 'count', start: 54, width: 5, kind: 'number' },
    ],
  },
  {
    type: RecordType.PERSON,
    name: 'person',
    fields: [
      CPR_FIELD,
      { name: 'birthDate', start: 14, width: 8, kind: 'date' },
      { name: 'sex', start: 22, width: 1, kind: 'text' },
      { name: 'status', start: 23, width: 2, kind: 'number' },
    ],
  },
  {
    type: RecordType.NAME,
    name: 'name',
    fields: [
      CPR_FIELD,
      { name: 'first', start: 14, width: 50, kind: 'text' },
      { name: 'middle', start: 64, width: 40, kind: 'text' },
      { name: 'last', start: 104, width: 40, kind: 'text' },
    ],
  },
  { type: RecordType.ADDRESS, name: 'current address', fields: [CPR_FIELD, ...ADDRESS_FIELDS] },
  {
    type: RecordType.CIVIL_STATUS,
    name: 'civil status',
    fields: [
      CPR_FIELD,
      { name: 'code', start: 14, width: 1, kind: 'text' },
      { name: 'spouseCpr', start: 15, width: 10, kind: 'cpr' },
      { name: 'since', start: 25, width: 8, kind: 'date' },
    ],
  },
  {
    type: RecordType.RELATION,
    name: 'relation',
    fields: [CPR_FIELD, { name: 'relationType', start: 14, width: 1, kind: 'text' }, { name: 'relatedCpr', start: 15, width: 10, kind: 'cpr' }],
  },
  {
    type: RecordType.ADDRESS_CHANGE,
    name: 'address change request',
    fields: [
      CPR_FIELD,
      ...ADDRESS_FIELDS,
      // The register answers a resent reference with its first answer instead of moving the person again.
      { name: 'clientReference', start: 100, width: CLIENT_REFERENCE_WIDTH, kind: 'text' },
    ],
  },
  {
    type: RecordType.ERROR,
    name: 'error',
    fields: [
      { name: 'errorCode', start: 4, width: 4, kind: 'number' },
      { name: 'message', start: 8, width: 80, kind: 'text' },
    ],
  },
  {
    type: RecordType.NOT_FOUND,
    name: 'not found',
    fields: [CPR_FIELD, { name: 'reason', start: 14, width: 40, kind: 'text' }],
  },
  {
    type: RecordType.TRAILER,
    name: 'end of batch',
    fields: [{ name: 'recordCount', start: 4, width: 7, kind: 'number' }],
  },
];

export const CPR_LAYOUT_TABLE = layoutTable(CPR_LAYOUTS);
