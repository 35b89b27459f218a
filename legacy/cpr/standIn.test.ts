import { generatePopulation, personaCpr } from '../population';
import type { RunningStandIn } from '../kit/standIn';
import { startCprStandIn } from './standIn';

const population = generatePopulation();
const INGRID = personaCpr('ingrid');
const BENT = personaCpr('bent');
const UNKNOWN = '0101010000';

let standIn: RunningStandIn;
beforeAll(async () => {
  standIn = await startCprStandIn({ population });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false });
});

async function post(path: string, text: string): Promise<{ status: number; type: string | null; bytes: Buffer; lines: string[] }> {
  const response = await fetch(`${standIn.url}${path}`, { method: 'POST', body: Buffer.from(text, 'latin1') });
  const bytes = Buffer.from(await response.arrayBuffer());
  const lines = bytes.toString('latin1').split('\r\n');
  expect(lines.pop()).toBe('');
  return { status: response.status, type: response.headers.get('content-type'), bytes, lines };
}

const lookupBody = (cprs: readonly string[]) => cprs.map((c) => `${c}\r\n`).join('');
const addressChange = (cpr: string, fields: string, reference = '') => `103${cpr}${fields}${reference.padEnd(32)}\r\n`;

describe('POST /cpr/lookup', () => {
  it('answers a batch in the order asked: header, person records, 910 for the unknown, trailer', async () => {
    const { status, type, lines } = await post('/cpr/lookup', lookupBody([INGRID, UNKNOWN]));
    expect(status).toBe(200);
    expect(type).toBe('text/plain; charset=ISO-8859-1');
    expect(lines.map((l) => l.slice(0, 3))).toEqual(['000', '001', '002', '003', '004', '005', '910', '999']);
    expect(lines[0]).toMatch(/^000.{36}\d{14}00002$/);
    expect(lines[1]).toBe(`001${INGRID}19380312K01`);
    expect(lines[3].slice(13, 53)).toBe('Åboulevarden'.padEnd(40));
    expect(lines[5]).toBe(`005${INGRID}B${personaCpr('karen')}`);
    expect(lines[6]).toBe(`910${UNKNOWN}${'PERSON IKKE FUNDET'.padEnd(40)}`);
    expect(lines[7]).toBe('9990000008');
    expect(standIn.calls()).toEqual([{ operation: 'PersonLookup', keys: [INGRID, UNKNOWN] }]);
  });

  it('writes æøå as single ISO-8859-1 bytes', async () => {
    const { bytes, lines } = await post('/cpr/lookup', lookupBody([BENT]));
    expect(bytes.includes(Buffer.from([0x4c, 0xe6, 0x73, 0xf8]))).toBe(true); // "Læsø"
    expect(bytes.includes(Buffer.from('Læsø', 'utf8'))).toBe(false);
    expect(lines[3]).toHaveLength(99);
  });

  it('refuses more than 100 numbers with HTTP 400 and a 900 record, recording no call', async () => {
    const cprs = population.people.slice(0, 101).map((p) => p.cpr);
    const { status, lines } = await post('/cpr/lookup', lookupBody(cprs));
    expect(status).toBe(400);
    expect(lines).toEqual([`9000002${'FOR MANGE CPR-NUMRE I FORESPØRGSLEN (HØJST 100)'.padEnd(80)}`]);
    expect(standIn.calls()).toEqual([]);
  });

  it('refuses a line that is not ten digits with 900 code 0001', async () => {
    const { status, lines } = await post('/cpr/lookup', lookupBody([INGRID, '120338-2258']));
    expect(status).toBe(400);
    expect(lines[0].slice(0, 7)).toBe('9000001');
  });

  it('cpr-down: HTTP 503 with a 900 record', async () => {
    standIn.setFaults({ down: true });
    const { status, type, lines } = await post('/cpr/lookup', lookupBody([INGRID]));
    expect(status).toBe(503);
    expect(type).toBe('text/plain; charset=ISO-8859-1');
    expect(lines).toEqual([`9000503${'CPR-REGISTERET ER IKKE TILGÆNGELIGT'.padEnd(80)}`]);
  });
});

describe('POST /cpr/address-change', () => {
  const fields = (street: string, city: string, municipality = '0825') => `${street.padEnd(40)}12B 1 tv  9940${city.padEnd(20)}${municipality}20251101`;

  it('moves the person: the next lookup returns the new address byte for byte (æøå round trip)', async () => {
    const person = population.byCpr.get(BENT)!;
    const { status, lines } = await post('/cpr/address-change', addressChange(BENT, fields('Østergårdsvej', 'Læsø')));
    expect(status).toBe(200);
    const expected003 = `003${BENT}${fields('Østergårdsvej', 'Læsø')}`;
    expect(lines).toEqual([expect.stringMatching(/^000.{50}00001$/), expected003, '9990000003']);
    const lookup = await post('/cpr/lookup', lookupBody([BENT]));
    expect(lookup.lines[3]).toBe(expected003);
    expect(lookup.bytes.includes(Buffer.from('Østergårdsvej', 'latin1'))).toBe(true);
    expect(person.address.street).toBe('Vestergade'); // the shared population is not written to
    expect(standIn.calls()).toEqual([
      { operation: 'AddressChange', keys: [BENT] },
      { operation: 'PersonLookup', keys: [BENT] },
    ]);
  });

  it('answers 910 for a person the register does not know', async () => {
    const { status, lines } = await post('/cpr/address-change', addressChange(UNKNOWN, fields('Vestergade', 'Læsø')));
    expect(status).toBe(200);
    expect(lines[1]).toBe(`910${UNKNOWN}${'PERSON IKKE FUNDET'.padEnd(40)}`);
  });

  it('resent-with-same-reference: the first answer again, nothing written twice, recorded as a replay', async () => {
    const first = await post('/cpr/address-change', addressChange(BENT, fields('Byvejen', 'Læsø'), 'ref-resend-1'));
    await post('/cpr/address-change', addressChange(BENT, fields('Vesterby', 'Læsø'), 'ref-resend-2'));
    const resent = await post('/cpr/address-change', addressChange(BENT, fields('Byvejen', 'Læsø'), 'ref-resend-1'));
    expect(resent.status).toBe(200);
    expect(resent.lines[1]).toBe(first.lines[1]);
    const lookup = await post('/cpr/lookup', lookupBody([BENT]));
    expect(lookup.lines[3].slice(13, 53)).toBe('Vesterby'.padEnd(40)); // the resend did not move him back
    expect(standIn.calls().map((c) => c.operation)).toEqual(['AddressChange', 'AddressChange', 'AddressChangeReplay', 'PersonLookup']);
  });

  it('reference-reused-for-another-change: HTTP 409 with 900 code 0004, nothing written', async () => {
    await post('/cpr/address-change', addressChange(BENT, fields('Byvejen', 'Læsø'), 'ref-reused'));
    const reused = await post('/cpr/address-change', addressChange(BENT, fields('Nordby', 'Læsø'), 'ref-reused'));
    expect([reused.status, reused.lines[0].slice(0, 7)]).toEqual([409, '9000004']);
    const lookup = await post('/cpr/lookup', lookupBody([BENT]));
    expect(lookup.lines[3].slice(13, 53)).toBe('Byvejen'.padEnd(40));
  });

  it('refuses an unknown municipality (0003) and a malformed record (0001)', async () => {
    const unknownMunicipality = await post('/cpr/address-change', addressChange(BENT, fields('Vestergade', 'Læsø', '0999')));
    expect([unknownMunicipality.status, unknownMunicipality.lines[0].slice(0, 7)]).toEqual([400, '9000003']);
    const short = await post('/cpr/address-change', addressChange(BENT, 'Vestergade'));
    expect([short.status, short.lines[0].slice(0, 7)]).toEqual([400, '9000001']);
    expect(standIn.calls()).toEqual([]);
  });
});
