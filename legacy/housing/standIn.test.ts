import { PinnedClock } from '../../platform/clock';
import { ageOn } from '../../domain/cpr';
import type { RunningStandIn } from '../kit/standIn';
import { generatePopulation, personaCpr } from '../population';
import { HOUSING_REFERENCE_DATE, createHousingRegister } from './register';
import { startHousingStandIn } from './standIn';

const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const freja = personaCpr('freja');
const adults = population.people.filter((p) => ageOn(p.birthDate, HOUSING_REFERENCE_DATE) >= 18);

let standIn: RunningStandIn;
beforeAll(async () => {
  standIn = await startHousingStandIn({ population, clock: new PinnedClock('2026-02-03') });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false });
});

async function call(path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(
    `${standIn.url}${path}`,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) },
  );
  return { status: response.status, json: await response.json() };
}

describe('derived data', () => {
  it('gives every adult a dwelling and no child one', () => {
    const register = createHousingRegister(population);
    expect(adults.every((p) => register.dwelling(p.cpr))).toBe(true);
    expect(population.people.filter((p) => !adults.includes(p)).some((p) => register.dwelling(p.cpr))).toBe(false);
  });

  it('is the same on every run', () => {
    const a = createHousingRegister(generatePopulation(2000));
    const b = createHousingRegister(generatePopulation(2000));
    for (const person of population.people.slice(0, 300)) {
      expect([a.dwelling(person.cpr), a.benefit(person.cpr), a.applications(person.cpr)]).toEqual([
        b.dwelling(person.cpr),
        b.benefit(person.cpr),
        b.applications(person.cpr),
      ]);
    }
  });

  it('grants housing benefit to a subset: renters only, pensioners living alone among them', () => {
    const register = createHousingRegister(population);
    const withBenefit = adults.filter((p) => register.benefit(p.cpr));
    expect(withBenefit.length).toBeGreaterThan(adults.length * 0.03);
    expect(withBenefit.length).toBeLessThan(adults.length * 0.3);
    expect(withBenefit.every((p) => register.dwelling(p.cpr)!.BOLIGTYPE !== 'EJER')).toBe(true);
    expect(withBenefit.some((p) => ageOn(p.birthDate, HOUSING_REFERENCE_DATE) >= 67 && register.dwelling(p.cpr)!.ANTAL_BEBOERE === '01')).toBe(true);
  });

  it("holds the personas' stories: Ingrid rents alone, has granted benefit and 25 applications", () => {
    const register = createHousingRegister(population);
    expect(register.dwelling(ingrid)).toMatchObject({ BOLIGTYPE: 'LEJL', ANTAL_BEBOERE: '01' });
    expect(register.benefit(ingrid)).toMatchObject({ STATUS: 'BEV', BOLIGSTOETTE_ORE: '218450' });
    expect(register.applications(ingrid)).toHaveLength(25);
  });
});

describe('batch lookups', () => {
  it('answers a GET batch as a paged list in the old format, recording one call', async () => {
    const { status, json } = await call(`/ydelse/boligstoette?cprnr=${ingrid},${freja}`);
    expect(status).toBe(200);
    expect(json).toEqual({
      SIDE: 1,
      SIDESTR: 20,
      ANTAL_I_ALT: 1,
      POSTER: [
        {
          CPRNR: ingrid,
          BOLIGSTOETTE_ORE: '218450',
          STATUS: 'BEV',
          STATUS_TEKST: 'Bevilget',
          BEVILGET_DATO: '21122025',
          PERIODE_FRA: '01012026',
          PERIODE_TIL: '00000000',
        },
      ],
    });
    expect(standIn.calls()).toEqual([{ operation: 'BoligstoetteOpslag', keys: [ingrid, freja] }]);
  });

  it('pages a batch by 20 unless asked otherwise (the quirk clients must handle)', async () => {
    const cprs = adults.slice(0, 30).map((p) => p.cpr);
    const first = await call('/bolig/opslag', { CPRNR_LISTE: cprs });
    expect(first.json).toMatchObject({ SIDE: 1, SIDESTR: 20, ANTAL_I_ALT: 30 });
    expect(first.json.POSTER).toHaveLength(20);
    const second = await call('/bolig/opslag', { CPRNR_LISTE: cprs, SIDE: 2 });
    expect(second.json.POSTER.map((p: { CPRNR: string }) => p.CPRNR)).toEqual(cprs.slice(20));
  });

  it("pages one citizen's applications, newest first", async () => {
    const { json } = await call(`/ydelse/boligstoette/ansoegning?cprnr=${ingrid}&side=2&sidestr=20`);
    expect(json).toMatchObject({ SIDE: 2, SIDESTR: 20, ANTAL_I_ALT: 25 });
    expect(json.POSTER.map((a: { MODTAGET_DATO: string }) => a.MODTAGET_DATO)).toEqual(['01122005', '01122004', '01122003', '01122002', '01122001']);
    expect(json.POSTER[2]).toMatchObject({ STATUS: 'AFS', BEGRUNDELSE: expect.stringMatching(/^Husstandsindkomst over grænsen +$/) });
  });

  it.each([
    ['a malformed CPR number', '/bolig?cprnr=12345', 'VAL001'],
    ['no CPR number', '/ydelse/boligstoette', 'VAL001'],
    ['a page size above 100', `/bolig?cprnr=${ingrid}&sidestr=101`, 'VAL003'],
    ['page 0', `/bolig?cprnr=${ingrid}&side=0`, 'VAL003'],
    ['two citizens in a single-citizen list', `/ydelse/boligstoette/ansoegning?cprnr=${ingrid},${freja}`, 'VAL001'],
  ])('answers %s with 400 and a FEJLKODE', async (_name, path, code) => {
    const { status, json } = await call(path);
    expect(status).toBe(400);
    expect(json).toEqual({ FEJLKODE: code, FEJLTEKST: expect.any(String) });
    expect(standIn.calls()).toEqual([]);
  });

  it('refuses more than 100 CPR numbers in one lookup (VAL002)', async () => {
    const { status, json } = await call('/ydelse/boligstoette/opslag', { CPRNR_LISTE: population.people.slice(0, 101).map((p) => p.cpr) });
    expect([status, json.FEJLKODE]).toEqual([400, 'VAL002']);
  });

  it('refuses a body that is not JSON (VAL004) and an unknown path (SYS404)', async () => {
    expect((await call('/bolig/opslag', '{not json')).json.FEJLKODE).toBe('VAL004');
    const unknown = await call('/ydelse/boligsikring');
    expect([unknown.status, unknown.json.FEJLKODE]).toEqual([404, 'SYS404']);
  });
});

describe('filing an application', () => {
  const valid = { CPRNR: ingrid, BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '647250', BOLIGAREAL_M2: '068', ANTAL_BEBOERE: '01', HUSSTANDSINDKOMST_ORE: '19800000' };

  it('stores it in memory with status UBH and lists it first', async () => {
    const { status, json } = await call('/ydelse/boligstoette/ansoegning', valid);
    expect(status).toBe(201);
    expect(json).toEqual({ ANSOEGNING_NR: expect.stringMatching(/^BS2026\d{6}$/), CPRNR: ingrid, STATUS: 'UBH', MODTAGET_DATO: '03022026' });
    const list = await call(`/ydelse/boligstoette/ansoegning?cprnr=${ingrid}&sidestr=1`);
    expect(list.json).toMatchObject({ ANTAL_I_ALT: 26, POSTER: [{ ANSOEGNING_NR: json.ANSOEGNING_NR, STATUS: 'UBH', AFGOERELSE_DATO: '00000000' }] });
  });

  it('files once per KLIENT_REF: the same reference answers 200 with the first application and files nothing', async () => {
    const withReference = { ...valid, KLIENT_REF: 'ref-once-0001' };
    const first = await call('/ydelse/boligstoette/ansoegning', withReference);
    const before = await call(`/ydelse/boligstoette/ansoegning?cprnr=${ingrid}&sidestr=1`);
    const again = await call('/ydelse/boligstoette/ansoegning', withReference);
    const after = await call(`/ydelse/boligstoette/ansoegning?cprnr=${ingrid}&sidestr=1`);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json).toEqual(first.json);
    expect(after.json.ANTAL_I_ALT).toBe(before.json.ANTAL_I_ALT);
  });

  it('refuses a KLIENT_REF already used for another citizen (409 ANS008), filing nothing', async () => {
    const mads = personaCpr('mads');
    await call('/ydelse/boligstoette/ansoegning', { ...valid, KLIENT_REF: 'ref-taken-0001' });
    const other = await call('/ydelse/boligstoette/ansoegning', { ...valid, CPRNR: mads, HUSLEJE_ORE: '906794', KLIENT_REF: 'ref-taken-0001' });
    expect([other.status, other.json.FEJLKODE]).toEqual([409, 'ANS008']);
    expect((await call(`/ydelse/boligstoette/ansoegning?cprnr=${mads}`)).json.ANTAL_I_ALT).toBe(0);
  });

  it('opens a case under consideration for a citizen without one; a granted case runs on', async () => {
    const mads = personaCpr('mads');
    expect((await call(`/ydelse/boligstoette?cprnr=${mads}`)).json.ANTAL_I_ALT).toBe(0);
    await call('/ydelse/boligstoette/ansoegning', { ...valid, CPRNR: mads, HUSLEJE_ORE: '906794' });
    expect((await call(`/ydelse/boligstoette?cprnr=${mads},${ingrid}`)).json.POSTER).toEqual([
      {
        CPRNR: mads,
        BOLIGSTOETTE_ORE: '',
        STATUS: 'UBH',
        STATUS_TEKST: 'Under behandling',
        BEVILGET_DATO: '00000000',
        PERIODE_FRA: '00000000',
        PERIODE_TIL: '00000000',
      },
      expect.objectContaining({ CPRNR: ingrid, STATUS: 'BEV', BOLIGSTOETTE_ORE: '218450' }),
    ]);
  });

  it.each([
    [{ KLIENT_REF: 'has space' }, 'ANS007'],
    [{ KLIENT_REF: 'x'.repeat(65) }, 'ANS007'],
    [{ CPRNR: '120338225' }, 'VAL001'],
    [{ CPRNR: '0101011234' }, 'ANS001'],
    [{ BOLIGTYPE: 'SLOT' }, 'ANS002'],
    [{ HUSLEJE_ORE: 647250 }, 'ANS003'],
    [{ BOLIGTYPE: 'EJER' }, 'ANS003'],
    [{ BOLIGAREAL_M2: '1000' }, 'ANS004'],
    [{ ANTAL_BEBOERE: '0' }, 'ANS005'],
    [{ HUSSTANDSINDKOMST_ORE: '198000.00' }, 'ANS006'],
  ])('refuses %j with %s', async (change, code) => {
    const { status, json } = await call('/ydelse/boligstoette/ansoegning', { ...valid, ...change });
    expect([status, json.FEJLKODE]).toEqual([400, code]);
  });
});

it("housing-down: answers 503 with SYS001 in the system's own error form", async () => {
  standIn.setFaults({ down: true });
  const { status, json } = await call(`/bolig?cprnr=${ingrid}`);
  expect(status).toBe(503);
  expect(json).toEqual({ FEJLKODE: 'SYS001', FEJLTEKST: 'Systemet er midlertidigt utilgængeligt' });
});
