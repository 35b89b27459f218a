import { decodeRecord, encodeRecord, FixedWidthError, layoutTable, recordWidth, type RecordLayout } from './fixedWidth';

const NAME: RecordLayout = {
  type: '002',
  name: 'name',
  fields: [
    { name: 'cpr', start: 4, width: 10, kind: 'cpr' },
    { name: 'first', start: 14, width: 8, kind: 'text' },
    { name: 'code', start: 22, width: 4, kind: 'number' },
    { name: 'since', start: 26, width: 8, kind: 'date' },
  ],
};
const TABLE = layoutTable([NAME]);

describe('layoutTable', () => {
  it('refuses a layout with a gap or an overlap, naming the field', () => {
    const gap = { ...NAME, fields: [NAME.fields[0], { ...NAME.fields[1], start: 15 }] };
    expect(() => layoutTable([gap])).toThrow('field "first" starts at 15, expected 14');
    const overlap = { ...NAME, fields: [NAME.fields[0], { ...NAME.fields[1], start: 13 }] };
    expect(() => layoutTable([overlap])).toThrow('expected 14');
  });
  it('refuses two layouts for one type', () => {
    expect(() => layoutTable([NAME, { ...NAME, name: 'again' }])).toThrow('already used');
  });
  it('knows the total width', () => {
    expect(recordWidth(NAME)).toBe(33);
  });
});

describe('decodeRecord on latin1 bytes', () => {
  it('reads æ ø å from single bytes, trims padding, keeps leading zeros, turns dates ISO', () => {
    // "Søs Åæ" in ISO-8859-1: ø = F8, Å = C5, æ = E6; one byte each.
    const bytes = Buffer.from('0021203382258S\xF8s \xC5\xE6  075120101120', 'latin1');
    expect(bytes).toHaveLength(33);
    expect(bytes.includes(0xf8)).toBe(true);
    expect(decodeRecord(bytes.toString('latin1'), TABLE)).toEqual({
      type: '002',
      values: { cpr: '1203382258', first: 'Søs Åæ', code: '0751', since: '2010-11-20' },
    });
  });

  it('reads a blank field as null, whatever its kind', () => {
    const line = `002${' '.repeat(10)}${' '.repeat(8)}            `;
    expect(decodeRecord(line, TABLE).values).toEqual({ cpr: null, first: null, code: null, since: null });
  });

  it.each([
    ['a short line', '0021203382258Søs', 'is 33 characters, got 16'],
    ['an unknown record type', '0071203382258', 'unknown record type "007"'],
    ['letters in a number', '0021203382258Søs     07a120101120', 'must be 4 digits'],
    ['an impossible date', '0021203382258Søs     075120101131', 'must be a date YYYYMMDD'],
    ['a control character', '0021203382258S\tøs    075120101120', 'control character'],
  ])('refuses %s', (_what, line, message) => {
    expect(() => decodeRecord(line, TABLE)).toThrow(FixedWidthError);
    expect(() => decodeRecord(line, TABLE)).toThrow(message);
  });
});

describe('encodeRecord', () => {
  it('pads text with spaces and numbers with zeros, writes dates YYYYMMDD, blanks nulls', () => {
    expect(encodeRecord(NAME, { cpr: '1203382258', first: 'Bjørn', code: '751', since: null })).toBe('0021203382258Bjørn   0751        ');
  });

  it('round-trips æøå through ISO-8859-1 bytes, one byte a character', () => {
    const line = encodeRecord(NAME, { cpr: '1203382258', first: 'Kåre Æø', code: '0825', since: '1988-05-01' });
    const bytes = Buffer.from(line, 'latin1');
    expect(bytes).toHaveLength(33);
    expect([...bytes.subarray(14, 20)]).toEqual([0xe5, 0x72, 0x65, 0x20, 0xc6, 0xf8]);
    expect(decodeRecord(bytes.toString('latin1'), TABLE).values.first).toBe('Kåre Æø');
  });

  it('refuses what does not fit instead of cutting it', () => {
    expect(() => encodeRecord(NAME, { first: 'Christiansen' })).toThrow('longer than 8 characters');
    expect(() => encodeRecord(NAME, { code: '12345' })).toThrow('up to 4 digits');
    expect(() => encodeRecord(NAME, { since: '2010-02-30' })).toThrow('ISO date');
  });

  it('refuses characters ISO-8859-1 cannot hold', () => {
    expect(() => encodeRecord(NAME, { first: 'Łukasz' })).toThrow('ISO-8859-1');
    expect(() => encodeRecord(NAME, { first: '€' })).toThrow('ISO-8859-1');
  });
});
