import { PinnedClock } from '../../platform/clock';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { LegacyError, LegacyHttp } from '../../platform';
import { HousingClient } from './housingClient';
import type { HousingBenefitApplicationFiling } from './types';

const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');
const freja = personaCpr('freja');

let standIn: RunningStandIn;
let client: HousingClient;

beforeAll(async () => {
  standIn = await startHousingStandIn({ population, clock: new PinnedClock('2026-03-15') });
  client = new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: standIn.url, timeoutMs: 2000 }) });
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

const filing: HousingBenefitApplicationFiling = {
  cpr: mads,
  dwellingType: 'RENTED_APARTMENT',
  monthlyRentOre: 906794n,
  areaSquareMetres: 98,
  residents: 1,
  householdIncomeOre: 21000000n,
};

describe('batch lookups', () => {
  it('asks for many citizens in one call and leaves out those without a record', async () => {
    const dwellings = await client.dwellings([ingrid, mads, freja]);
    expect([...dwellings.keys()]).toEqual([ingrid, mads]);
    expect(dwellings.get(ingrid)).toMatchObject({ BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '647250' });
    expect(standIn.calls()).toEqual([{ operation: 'BoligOpslag', keys: [ingrid, mads, freja] }]);
  });

  it('splits more than 100 CPR numbers into calls of at most 100', async () => {
    const cprs = population.people.slice(0, 150).map((p) => p.cpr);
    const benefits = await client.housingBenefits(cprs);
    expect(benefits.get(ingrid)?.STATUS).toBe('BEV');
    expect(
      standIn
        .calls()
        .map((c) => c.keys.length)
        .sort(),
    ).toEqual([100, 50]);
  });

  it('answers every citizen in an application lookup, with an empty page for those without any', async () => {
    const pages = await client.applicationPages([ingrid, freja], 2, 20);
    expect(pages.get(ingrid)).toMatchObject({ ANTAL_I_ALT: 25 });
    expect(pages.get(ingrid)?.POSTER).toHaveLength(5);
    expect(pages.get(freja)).toEqual({ ANTAL_I_ALT: 0, POSTER: [] });
    expect(standIn.calls()).toEqual([{ operation: 'AnsoegningOpslag', keys: [ingrid, freja] }]);
  });
});

describe('fileApplication', () => {
  it('files an application: the system answers with a number and status PENDING, and lists it first', async () => {
    const receipt = await client.fileApplication(filing);
    expect(receipt).toEqual({ applicationNumber: expect.stringMatching(/^BS2026\d{6}$/), status: 'PENDING', receivedOn: '2026-03-15' });
    const page = await client.applicationPage(mads, 1, 1);
    expect(page.POSTER[0]).toMatchObject({ ANSOEGNING_NR: receipt.applicationNumber, STATUS: 'UBH', MODTAGET_DATO: '15032026' });
    expect(standIn.calls()).toEqual([
      { operation: 'IndgivAnsoegning', keys: [mads] },
      { operation: 'AnsoegningListe', keys: [mads] },
    ]);
  });

  it('gives every filing its own number', async () => {
    const a = await client.fileApplication(filing);
    const b = await client.fileApplication(filing);
    expect(a.applicationNumber).not.toBe(b.applicationNumber);
  });

  it('files once per client reference: the same reference returns the first application', async () => {
    const a = await client.fileApplication({ ...filing, clientReference: 'client-ref-a' });
    const total = (await client.applicationPage(mads, 1, 1)).ANTAL_I_ALT;
    const b = await client.fileApplication({ ...filing, clientReference: 'client-ref-a' });
    expect(b).toEqual(a);
    expect((await client.applicationPage(mads, 1, 1)).ANTAL_I_ALT).toBe(total);
  });

  it('refuses a client reference used for another citizen (ANS008)', async () => {
    await client.fileApplication({ ...filing, clientReference: 'client-ref-b' });
    const error = await legacyError(client.fileApplication({ ...filing, cpr: ingrid, clientReference: 'client-ref-b' }));
    expect(error).toMatchObject({ kind: 'fault', upstreamStatus: 409 });
    expect(error.detail).toMatch(/^ANS008: /);
  });

  it.each([
    ['an area of 0 m²', { areaSquareMetres: 0 }, 'ANS004'],
    ['a citizen the system does not know', { cpr: '0101011234' }, 'ANS001'],
    ['a rent on an owner-occupied dwelling', { dwellingType: 'OWNER_OCCUPIED' as const }, 'ANS003'],
    ['a negative income', { householdIncomeOre: -1n }, 'ANS006'],
    ['no residents', { residents: 0 }, 'ANS005'],
  ])('refuses %s: LegacyError fault with the FEJLKODE in the detail', async (_name, change, code) => {
    const error = await legacyError(client.fileApplication({ ...filing, ...change }));
    expect(error).toMatchObject({ system: 'housing', kind: 'fault', upstreamStatus: 400 });
    expect(error.detail).toMatch(new RegExp(`^${code}: `));
    expect(standIn.calls()).toEqual([]);
  });
});

describe('failures', () => {
  it('housing-down: every call is LegacyError unavailable with the SYS001 text', async () => {
    standIn.setFaults({ down: true });
    const error = await legacyError(client.dwellings([ingrid]));
    expect(error).toMatchObject({ system: 'housing', kind: 'unavailable', upstreamStatus: 503, detail: 'SYS001: Systemet er midlertidigt utilgængeligt' });
    expect((await legacyError(client.fileApplication(filing))).kind).toBe('unavailable');
  });

  it('housing-timeout: a slower answer than the client timeout is LegacyError timeout', async () => {
    standIn.setFaults({ latencyMs: 400 });
    const impatient = new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: standIn.url, timeoutMs: 100 }) });
    try {
      expect(await legacyError(impatient.housingBenefits([ingrid]))).toMatchObject({ system: 'housing', kind: 'timeout' });
    } finally {
      impatient.close();
    }
  });

  it('refuses a transport for another system', () => {
    expect(() => new HousingClient({ http: new LegacyHttp({ system: 'tax', baseURL: standIn.url }) })).toThrow('must be for system "housing"');
  });
});
