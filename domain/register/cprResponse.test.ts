import { LegacyError } from '../../platform/errors';
import { decodeAddressChangeResponse, decodeLookupResponse, readErrorRecord } from './cprResponse';

/** A lookup answer as the register sends it: ISO-8859-1 bytes, CRLF line ends (ø = \xF8, Æ = \xC6, Ø = \xD8, å = \xE5, æ = \xE6). */
const BENT = '3001493239';
const UNKNOWN = '0101010000';
const LINES = [
  '000req-1                               2025112614114800002',
  '001300149323919490130M01',
  '0023001493239Bj\xF8rn                                             \xC6r\xF8                                     \xD8sterg\xE5rd                               ',
  '0033001493239S\xF8ndergade                              3B  stth  9940L\xE6s\xF8                082519880501',
  '0043001493239G010150123419750614',
  '0053001493239M1203382258',
  '0053001493239B0209144200',
  '9100101010000PERSON IKKE FUNDET                      ',
  '9990000009',
];
const latin1 = (lines: readonly string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');

function badResponse(run: () => unknown): LegacyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LegacyError);
    expect(error).toMatchObject({ system: 'cpr', kind: 'bad-response' });
    return error as LegacyError;
  }
  throw new Error('expected a LegacyError bad-response');
}

describe('decodeLookupResponse', () => {
  it('decodes a person with æøå in name and address, and a not-found record', () => {
    const body = latin1(LINES);
    expect(body.indexOf(0xf8)).toBeGreaterThan(0);
    const answer = decodeLookupResponse(body, [BENT, UNKNOWN]);
    expect(answer.notFound).toEqual(new Set([UNKNOWN]));
    expect(answer.persons.get(BENT)).toEqual({
      cpr: BENT,
      birthDate: '1949-01-30',
      sex: 'M',
      status: '01',
      name: { first: 'Bjørn', middle: 'Ærø', last: 'Østergård' },
      address: {
        street: 'Søndergade',
        houseNumber: '3B',
        floor: 'st',
        door: 'th',
        postalCode: '9940',
        city: 'Læsø',
        municipalityCode: '0825',
        movedIn: '1988-05-01',
      },
      civilStatus: { code: 'G', spouseCpr: '0101501234', since: '1975-06-14' },
      relations: [
        { type: 'M', cpr: '1203382258' },
        { type: 'B', cpr: '0209144200' },
      ],
    });
  });

  it('reads a blank middle name, floor and door as null', () => {
    const lines = [...LINES];
    lines[2] = `0023001493239Bent${' '.repeat(46)}${' '.repeat(40)}Knudsen${' '.repeat(33)}`;
    lines[3] = `0033001493239Vestergade${' '.repeat(30)}3         9940L\xE6s\xF8${' '.repeat(16)}082519880501`;
    const person = decodeLookupResponse(latin1(lines), [BENT, UNKNOWN]).persons.get(BENT)!;
    expect(person.name).toEqual({ first: 'Bent', middle: null, last: 'Knudsen' });
    expect(person.address).toMatchObject({ houseNumber: '3', floor: null, door: null, city: 'Læsø' });
  });

  it('malformed line: a record one character short is bad-response naming the line', () => {
    const lines = [...LINES];
    lines[4] = lines[4].slice(0, -1);
    expect(badResponse(() => decodeLookupResponse(latin1(lines), [BENT, UNKNOWN])).detail).toBe('line 5: record 004 (civil status) is 32 characters, got 31');
  });

  it('the same records sent as UTF-8 are bad-response (æøå take two bytes each, so the widths break)', () => {
    const utf8 = Buffer.from(LINES.map((l) => `${l}\r\n`).join(''), 'utf8');
    expect(badResponse(() => decodeLookupResponse(utf8, [BENT, UNKNOWN])).detail).toMatch(/^line 3: record 002 \(name\) is 143 characters, got 148$/);
  });

  it.each([
    ['bare LF line ends', () => Buffer.from(`${LINES.join('\n')}\n`, 'latin1'), 'does not end with CRLF'],
    ['a bare LF inside', () => Buffer.from(`${LINES.join('\n')}\r\n`, 'latin1'), 'line 1: record 000 (start of batch) is 58 characters'],
    ['no final CRLF', () => latin1(LINES).subarray(0, -2), 'does not end with CRLF'],
    ['a trailer count that is off', () => latin1([...LINES.slice(0, -1), '9990000008']), 'the trailer counts 8 records'],
    ['a header count that is off', () => latin1([LINES[0].replace('00002', '00003'), ...LINES.slice(1)]), 'the header answers 3'],
    [
      'a person without a name record',
      () => latin1(LINES.filter((_, i) => i !== 2).map((l, i, all) => (i === all.length - 1 ? '9990000008' : l))),
      'one name record (002), got 0',
    ],
    [
      'an unknown civil status code',
      () => latin1(LINES.map((l) => (l.startsWith('004') ? l.replace('G0101', 'X0101') : l))),
      'field "code" must be one of U, G, F, E',
    ],
    ['a relation for another person', () => latin1(LINES.map((l, i) => (i === 5 ? '0051203382258M1203382258' : l))), 'for another person'],
  ])('%s is bad-response', (_what, body, message) => {
    expect(badResponse(() => decodeLookupResponse(body(), [BENT, UNKNOWN])).detail).toContain(message);
  });

  it('an answer for a CPR number not asked, or none for one asked, is bad-response', () => {
    const onlyBent = [LINES[0].replace('00002', '00001'), ...LINES.slice(1, 7), '9990000008'];
    expect(badResponse(() => decodeLookupResponse(latin1(onlyBent), [UNKNOWN])).detail).toBe('line 2: record 001 is for a CPR number that was not asked for');
    const threeAsked = [LINES[0].replace('00002', '00003'), ...LINES.slice(1)];
    expect(badResponse(() => decodeLookupResponse(latin1(threeAsked), [BENT, UNKNOWN, '0202020000'])).detail).toBe('no answer for 1 of the CPR numbers asked');
  });
});

describe('decodeAddressChangeResponse', () => {
  it('returns the address now on file, or null for 910', () => {
    const changed = latin1([LINES[0].replace('00002', '00001'), LINES[3], '9990000003']);
    expect(decodeAddressChangeResponse(changed, BENT)).toMatchObject({ street: 'Søndergade', city: 'Læsø' });
    const unknown = latin1([LINES[0].replace('00002', '00001'), LINES[7], '9990000003']);
    expect(decodeAddressChangeResponse(unknown, UNKNOWN)).toBeNull();
  });
});

describe('readErrorRecord', () => {
  it('reads a 900 record with Danish letters; anything else is null', () => {
    const body = latin1([`9000503CPR-REGISTERET ER IKKE TILG\xC6NGELIGT${' '.repeat(45)}`]);
    expect(readErrorRecord(body)).toEqual({ errorCode: '0503', message: 'CPR-REGISTERET ER IKKE TILGÆNGELIGT' });
    expect(readErrorRecord(Buffer.from('<html>503</html>'))).toBeNull();
  });
});
