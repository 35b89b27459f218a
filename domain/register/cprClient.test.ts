import { LegacyHttp } from '../../platform/legacyHttp';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { LegacyError } from '../../platform/errors';
import { CprClient } from './cprClient';
import type { RegisterAddress } from './registerTypes';

const population = generatePopulation();
const INGRID = personaCpr('ingrid');
const MADS = personaCpr('mads');
const UNKNOWN = '0101010000';

let standIn: RunningStandIn;
let client: CprClient;
beforeAll(async () => {
  standIn = await startCprStandIn({ population });
  client = new CprClient({ http: new LegacyHttp({ baseURL: standIn.url, timeoutMs: 2000, system: 'cpr' }) });
});
afterAll(async () => {
  client.close();
  await standIn.close();
});
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false, latencyMs: 0 });
});

async function legacyError(promise: Promise<unknown>): Promise<LegacyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LegacyError);
  return error as LegacyError;
}

describe('CprClient.lookup against the stand-in', () => {
  it('returns found people by CPR; the unknown number is absent', async () => {
    const found = await client.lookup([INGRID, UNKNOWN]);
    expect([...found.keys()]).toEqual([INGRID]);
    expect(found.get(INGRID)).toMatchObject({
      birthDate: '1938-03-12',
      name: { first: 'Ingrid', middle: 'Marie', last: 'Holm' },
      address: { street: 'Åboulevarden', postalCode: '8000', municipalityCode: '0751' },
      civilStatus: { code: 'E', spouseCpr: null },
    });
    expect(standIn.calls()).toEqual([{ operation: 'PersonLookup', keys: [INGRID, UNKNOWN] }]);
  });

  it('splits more than 100 numbers into calls of at most 100', async () => {
    const cprs = population.people.slice(0, 150).map((p) => p.cpr);
    const found = await client.lookup(cprs);
    expect(found.size).toBe(150);
    // The two calls run in parallel, so they may arrive in either order.
    expect(standIn.calls()).toHaveLength(2);
    expect(standIn.calls()).toEqual(
      expect.arrayContaining([
        { operation: 'PersonLookup', keys: cprs.slice(0, 100) },
        { operation: 'PersonLookup', keys: cprs.slice(100) },
      ]),
    );
  });

  it('cpr-down: a 503 with a 900 record is LegacyError unavailable', async () => {
    standIn.setFaults({ down: true });
    const error = await legacyError(client.lookup([INGRID]));
    expect(error).toMatchObject({ system: 'cpr', kind: 'unavailable', upstreamStatus: 503 });
    expect(error.detail).toBe('error record 0503: CPR-REGISTERET ER IKKE TILGÆNGELIGT');
  });

  it('cpr-timeout: an answer slower than the timeout is LegacyError timeout', async () => {
    standIn.setFaults({ latencyMs: 500 });
    const impatient = new CprClient({ http: new LegacyHttp({ baseURL: standIn.url, timeoutMs: 100, system: 'cpr' }) });
    try {
      expect(await legacyError(impatient.lookup([INGRID]))).toMatchObject({ system: 'cpr', kind: 'timeout' });
    } finally {
      impatient.close();
    }
  });

  it('cpr-unreachable: connection refused is LegacyError unavailable', async () => {
    const closed = await startCprStandIn({ population });
    const url = closed.url;
    await closed.close();
    const orphan = new CprClient({ http: new LegacyHttp({ baseURL: url, timeoutMs: 1000, system: 'cpr' }) });
    try {
      expect(await legacyError(orphan.lookup([INGRID]))).toMatchObject({ system: 'cpr', kind: 'unavailable' });
    } finally {
      orphan.close();
    }
  });
});

describe('CprClient.changeAddress against the stand-in (write side)', () => {
  const newHome: RegisterAddress = {
    street: 'Sønder Allé',
    houseNumber: '7A',
    floor: '3',
    door: 'th',
    postalCode: '8000',
    city: 'Aarhus C',
    municipalityCode: '0751',
    movedIn: '2025-10-01',
  };

  it('registers the move (æøå intact) and the next lookup sees it', async () => {
    expect(await client.changeAddress(MADS, newHome, 'client-ref-move')).toEqual(newHome);
    const found = await client.lookup([MADS]);
    expect(found.get(MADS)?.address).toEqual(newHome);
    expect(standIn.calls()).toEqual([
      { operation: 'AddressChange', keys: [MADS] },
      { operation: 'PersonLookup', keys: [MADS] },
    ]);
  });

  it('resent-after-lost-answer: the same client reference gets the first answer and moves nobody twice', async () => {
    const first = await client.changeAddress(MADS, { ...newHome, street: 'Første Gade' }, 'client-ref-resend');
    await client.changeAddress(MADS, { ...newHome, street: 'Anden Gade' }, 'client-ref-later');
    expect(await client.changeAddress(MADS, { ...newHome, street: 'Første Gade' }, 'client-ref-resend')).toEqual(first);
    expect((await client.lookup([MADS])).get(MADS)?.address?.street).toBe('Anden Gade');
    expect(standIn.calls().map((c) => c.operation)).toEqual(['AddressChange', 'AddressChange', 'AddressChangeReplay', 'PersonLookup']);
  });

  it('a client reference longer than the record holds is refused before any call', async () => {
    await expect(client.changeAddress(MADS, newHome, 'x'.repeat(33))).rejects.toThrow(RangeError);
    expect(standIn.calls()).toEqual([]);
  });

  it('returns null for a person the register does not know', async () => {
    expect(await client.changeAddress(UNKNOWN, newHome, 'client-ref-unknown')).toBeNull();
  });

  it('an address the register refuses is LegacyError fault with its error record', async () => {
    const error = await legacyError(client.changeAddress(MADS, { ...newHome, municipalityCode: '0999' }, 'client-ref-refused'));
    expect(error).toMatchObject({ system: 'cpr', kind: 'fault', upstreamStatus: 400, detail: 'error record 0003: ADRESSEÆNDRINGEN ER UGYLDIG' });
  });

  it('refuses to send what the record cannot hold, without calling the register', async () => {
    await expect(client.changeAddress(MADS, { ...newHome, street: 'x'.repeat(41) }, 'client-ref-long')).rejects.toThrow(RangeError);
    await expect(client.changeAddress(MADS, { ...newHome, city: 'Łódź' }, 'client-ref-latin')).rejects.toThrow('ISO-8859-1');
    expect(standIn.calls()).toEqual([]);
  });
});
