import { solveBySubstitution } from '../outcomes/differencing';
import { ExemptionStore } from '../exemptions/exemptionStore';
import { FilingStore } from '../filings/filingStore';
import {
  asCaseworker,
  asCitizen,
  asAnalyst,
  codes,
  personaCpr,
  filingContext,
  recordFiling,
  startTestSelfservice,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

/**
 * The uptake figures on crafted data (filings and exemptions written through the stores, a few
 * through /internal/filings), with the small-cell minimum at its default, 5: exact where every
 * cell counts at least 5 citizens, suppressed as `outcomes` suppresses the same cells where not.
 */
const ingrid = personaCpr('ingrid');
const cprOf = (n: number) => `020280${String(n).padStart(4, '0')}`;
const FEB = { from: '2024-02-01', to: '2024-02-29' };

const UPTAKE = `query($from: Date!, $to: Date!, $m: String) { uptake(from: $from, to: $to, municipalityCode: $m) {
  municipalityCode minimumCellCitizens total { digitalSelfService delegate assisted total suppressed byChannel { channel filings } }
  services { serviceCode filings { digitalSelfService delegate assisted total suppressed } digitalShare }
  exemptionsInForce citizensExempt exemptionsSuppressed exemptionsByReason { reason exemptions citizens suppressed } } }`;

const OUTCOMES = `query($from: Date!, $to: Date!, $by: [OutcomeDimension!]) { outcomes(from: $from, to: $to, groupBy: $by) {
  groups { serviceCode municipalityCode suppressed filings { digitalSelfService delegate assisted total } }
  exemptions { municipalityCode reason inForce suppressed } } }`;

type Seed = [service: string, municipality: string, channel: string, citizens: number];

/** One filing per citizen, each a new citizen, in February 2024. */
async function seedFilings(ss: TestSelfservice, seed: readonly Seed[], first = 1): Promise<void> {
  const filings = new FilingStore(ss.sql);
  let n = first;
  for (const [service, municipalityCode, channel, citizens] of seed) {
    for (let i = 0; i < citizens; i++, n++) {
      await filings.record({
        reference: `seed-${n}`,
        service,
        channel: channel as never,
        municipalityCode,
        subjectCpr: cprOf(n),
        filedAt: `2024-02-${String(2 + (n % 26)).padStart(2, '0')}T10:00:00.000Z`,
      });
    }
  }
}

async function grantExemption(
  ss: TestSelfservice,
  cpr: string,
  reason: string,
  municipalityCode: string,
  validFrom: string,
  validTo: string | null,
  authorities: string[] = [],
) {
  await new ExemptionStore(ss.sql).grant(
    ss.sql,
    { citizenCpr: cpr, reason: reason as never, allAuthorities: authorities.length === 0, authorities, validFrom, validTo, municipalityCode },
    { actorId: 'cw', actorAuthority: `municipality:${municipalityCode}`, at: new Date(`${validFrom}T09:00:00Z`), today: validFrom },
  );
}

async function uptake(ss: TestSelfservice, municipalityCode?: string) {
  const answer = await ss.gql(UPTAKE, { ...FEB, m: municipalityCode }, asAnalyst());
  expect(answer.errors).toBeUndefined();
  return answer.data!.uptake;
}

const byCode = (report: any) => Object.fromEntries(report.services.map((s: any) => [s.serviceCode, s]));

describe('uptake figures for analysts', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    // Every cell at least 5 citizens: nothing suppressed.
    await seedFilings(ss, [
      ['housing-benefit', '0751', 'DIGITAL_SELF_SERVICE', 5],
      ['housing-benefit', '0751', 'DELEGATE', 5],
      ['housing-benefit', '0825', 'ASSISTED', 5],
      ['state-pension', '0751', 'ASSISTED', 5],
      ['change-of-address', '0751', 'DIGITAL_SELF_SERVICE', 4],
    ]);
    const filings: [string, string, string, string, string][] = [
      // service, channel, municipality, filedAt, reference: Ingrid's, through /internal/filings.
      ['housing-benefit', 'DIGITAL_SELF_SERVICE', '0751', '2024-02-01T10:00:00Z', 'hb-1'],
      // 23:30 UTC on 31 January is 1 February in Denmark: inside the period (change of address's fifth citizen).
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-01-31T23:30:00Z', 'ca-1'],
      // 23:30 UTC on 29 February is 1 March in Denmark: outside.
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-02-29T23:30:00Z', 'ca-2'],
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-01-15T10:00:00Z', 'ca-3'],
    ];
    for (const [service, channel, municipalityCode, filedAt, reference] of filings) {
      expect((await recordFiling(ss, { service, channel, municipalityCode, subjectCpr: ingrid, filedAt, reference })).status).toBe(204);
    }
    // The same reference again counts once.
    expect(
      (
        await recordFiling(ss, {
          service: 'housing-benefit',
          channel: 'DIGITAL_SELF_SERVICE',
          municipalityCode: '0751',
          subjectCpr: ingrid,
          filedAt: '2024-02-01T10:00:00Z',
          reference: 'hb-1',
        })
      ).status,
    ).toBe(204);

    for (let i = 0; i < 5; i++) await grantExemption(ss, cprOf(500 + i), 'NO_INTERNET_AT_HOME', '0751', '2023-01-01', null);
    for (let i = 0; i < 5; i++) await grantExemption(ss, cprOf(510 + i), 'LACKING_DIGITAL_SKILLS', '0751', '2024-02-10', '2026-02-10');
    // A second exemption for one of them: 6 exemptions, 5 citizens.
    await grantExemption(ss, cprOf(510), 'LACKING_DIGITAL_SKILLS', '0751', '2024-02-10', '2026-02-10', ['udbetaling-danmark']);
    for (let i = 0; i < 5; i++) await grantExemption(ss, cprOf(520 + i), 'LANGUAGE_DIFFICULTIES', '0825', '2023-06-01', null);
    // Ended before the period: not counted.
    await grantExemption(ss, cprOf(530), 'LANGUAGE_DIFFICULTIES', '0825', '2020-01-01', '2023-12-31');
  }, 60_000);
  afterAll(() => ss.stop());

  it('counts February 2024 for the whole country', async () => {
    const report = await uptake(ss);
    expect(report.minimumCellCitizens).toBe(5);
    expect(report.total).toEqual({
      digitalSelfService: 11,
      delegate: 5,
      assisted: 10,
      total: 26,
      suppressed: false,
      byChannel: [
        { channel: 'DIGITAL_SELF_SERVICE', filings: 11 },
        { channel: 'DELEGATE', filings: 5 },
        { channel: 'ASSISTED', filings: 10 },
      ],
    });
    const services = byCode(report);
    expect(services['housing-benefit']).toEqual({
      serviceCode: 'housing-benefit',
      filings: { digitalSelfService: 6, delegate: 5, assisted: 5, total: 16, suppressed: false },
      digitalShare: 11 / 16,
    });
    expect(services['state-pension'].digitalShare).toBe(0);
    expect(services['change-of-address'].filings.total).toBe(5);
    expect(services.daycare).toEqual({
      serviceCode: 'daycare',
      filings: { digitalSelfService: 0, delegate: 0, assisted: 0, total: 0, suppressed: false },
      digitalShare: null,
    });
    expect(report.exemptionsInForce).toBe(16);
    expect(report.citizensExempt).toBe(15);
    expect(report.exemptionsSuppressed).toBe(false);
    expect(report.exemptionsByReason).toEqual([
      { reason: 'LACKING_DIGITAL_SKILLS', exemptions: 6, citizens: 5, suppressed: false },
      { reason: 'LANGUAGE_DIFFICULTIES', exemptions: 5, citizens: 5, suppressed: false },
      { reason: 'NO_INTERNET_AT_HOME', exemptions: 5, citizens: 5, suppressed: false },
    ]);
  });

  it('counts one municipality (Læsø)', async () => {
    const report = await uptake(ss, '0825');
    expect(report.municipalityCode).toBe('0825');
    expect(report.total).toMatchObject({ digitalSelfService: 0, delegate: 0, assisted: 5, total: 5, suppressed: false });
    expect(byCode(report)['housing-benefit'].filings).toEqual({ digitalSelfService: 0, delegate: 0, assisted: 5, total: 5, suppressed: false });
    expect(report.exemptionsInForce).toBe(5);
    expect(report.exemptionsByReason).toEqual([{ reason: 'LANGUAGE_DIFFICULTIES', exemptions: 5, citizens: 5, suppressed: false }]);
  });

  it('uptake-forbidden: citizens, caseworkers and analysts without uptake:read get FORBIDDEN', async () => {
    for (const context of [asCitizen(ingrid), asCaseworker(['selfservice:read', 'exemptions:grant']), asAnalyst([])]) {
      expect(codes(await ss.gql(UPTAKE, FEB, context))).toEqual(['FORBIDDEN']);
    }
  });

  it('uptake-bad-period: from after to, malformed municipality', async () => {
    expect(codes(await ss.gql(UPTAKE, { from: '2024-03-01', to: '2024-02-01' }, asAnalyst()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ss.gql(UPTAKE, { ...FEB, m: 'Aarhus' }, asAnalyst()))).toEqual(['BAD_USER_INPUT']);
  });

  it('filing-unknown-service: refused with 400', async () => {
    const filedAt = ss.clock.now().toISOString();
    const answer = await ss.post(
      '/internal/filings',
      { entry: { service: 'moon-landing', channel: 'ASSISTED', municipalityCode: '0751', subjectCpr: ingrid, filedAt, reference: 'x-1' } },
      filingContext('ASSISTED', ingrid),
      { service: 'housing', operation: 'mutation' },
    );
    expect(answer.status).toBe(400);
  });
});

describe('uptake-small-cells-suppressed', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    await seedFilings(ss, [
      ['housing-benefit', '0751', 'DIGITAL_SELF_SERVICE', 8],
      ['housing-benefit', '0751', 'DELEGATE', 2],
      ['housing-benefit', '0751', 'ASSISTED', 6],
      ['state-pension', '0751', 'DIGITAL_SELF_SERVICE', 9],
      ['state-pension', '0825', 'ASSISTED', 1],
      ['change-of-address', '0751', 'DIGITAL_SELF_SERVICE', 7],
    ]);
    for (let i = 0; i < 2; i++) await grantExemption(ss, cprOf(500 + i), 'LACKING_DIGITAL_SKILLS', '0751', '2024-01-01', null);
    for (let i = 0; i < 7; i++) await grantExemption(ss, cprOf(510 + i), 'NO_INTERNET_AT_HOME', '0751', '2024-01-01', null);
    await grantExemption(ss, cprOf(520), 'LANGUAGE_DIFFICULTIES', '0825', '2024-01-01', null);
  }, 60_000);
  afterAll(() => ss.stop());

  it('a count behind 1 to 4 citizens is null with suppressed true, and so is the share that would give it back', async () => {
    const report = await uptake(ss);
    const services = byCode(report);
    // Two delegates for housing benefit, one citizen at Læsø's counter for state pension.
    expect(services['housing-benefit'].filings).toMatchObject({ delegate: null, suppressed: true });
    expect(services['housing-benefit'].digitalShare).toBeNull();
    expect(services['state-pension'].filings).toMatchObject({ assisted: null, suppressed: true });
    expect(services['state-pension'].digitalShare).toBeNull();
    expect(report.total).toMatchObject({ delegate: null, suppressed: true });
    expect(report.total.byChannel).toContainEqual({ channel: 'DELEGATE', filings: null });
    // Empty cells single out no one.
    expect(services.daycare.filings).toEqual({ digitalSelfService: 0, delegate: 0, assisted: 0, total: 0, suppressed: false });
    // Complementary: no service's total minus its channels shown gives a hidden one back, nor a channel's total minus its services.
    for (const s of report.services) {
      const hidden = ['digitalSelfService', 'delegate', 'assisted'].filter((c) => s.filings[c] === null);
      if (s.filings.total !== null) expect(hidden.length).not.toBe(1);
    }
    for (const channel of ['digitalSelfService', 'delegate', 'assisted']) {
      const hidden = report.services.filter((s: any) => s.filings[channel] === null);
      if (report.total[channel] !== null) expect(hidden.length).not.toBe(1);
    }
  });

  it('exemptions: small grounds suppressed with a partner; a municipality with one exempt citizen shows no figure', async () => {
    const country = await uptake(ss);
    const reasons = Object.fromEntries(country.exemptionsByReason.map((r: any) => [r.reason, r]));
    expect(reasons.LACKING_DIGITAL_SKILLS).toEqual({ reason: 'LACKING_DIGITAL_SKILLS', exemptions: null, citizens: null, suppressed: true });
    expect(reasons.LANGUAGE_DIFFICULTIES).toMatchObject({ exemptions: null, suppressed: true });
    // 2 + 1 citizens hidden are under 5 together: the large ground is hidden too, and the total (10, over three hidden grounds) may show.
    expect(reasons.NO_INTERNET_AT_HOME).toMatchObject({ exemptions: null, suppressed: true });
    expect(country).toMatchObject({ exemptionsInForce: 10, citizensExempt: 10, exemptionsSuppressed: false });

    const laesoe = await uptake(ss, '0825');
    expect(laesoe).toMatchObject({ exemptionsInForce: null, citizensExempt: null, exemptionsSuppressed: true });
    expect(laesoe.exemptionsByReason).toEqual([{ reason: 'LANGUAGE_DIFFICULTIES', exemptions: null, citizens: null, suppressed: true }]);
    // Læsø's one filing: its total and every channel.
    expect(laesoe.total).toMatchObject({ digitalSelfService: null, delegate: null, assisted: null, total: null, suppressed: true });
    expect(byCode(laesoe)['state-pension'].filings).toMatchObject({ assisted: null, total: null, suppressed: true });
  });
});

describe('uptake-no-differencing-against-outcomes', () => {
  /** The outcome tests' crafted data: Læsø's one assisted housing-benefit filing among larger groups. */
  const CRAFTED: Seed[] = [
    ['housing-benefit', '0751', 'DIGITAL_SELF_SERVICE', 6],
    ['housing-benefit', '0751', 'DELEGATE', 5],
    ['housing-benefit', '0751', 'ASSISTED', 5],
    ['housing-benefit', '0825', 'ASSISTED', 1],
    ['housing-benefit', '0101', 'DIGITAL_SELF_SERVICE', 7],
    ['state-pension', '0751', 'DIGITAL_SELF_SERVICE', 10],
    ['state-pension', '0825', 'DIGITAL_SELF_SERVICE', 6],
    ['state-pension', '0101', 'DIGITAL_SELF_SERVICE', 8],
    ['state-pension', '0751', 'DELEGATE', 2],
  ];
  const SERVICES = ['housing-benefit', 'state-pension'];
  const MUNICIPALITIES = ['0751', '0825', '0101'];
  const CHANNELS = ['digitalSelfService', 'delegate', 'assisted'];
  const ALL = '*';
  const id = (service: string | null, municipality: string | null, channel: string) => `${service ?? ALL}|${municipality ?? ALL}|${channel}`;

  /** Every published sum with its parts: over channels, over services, over municipalities. */
  const lines: { sum: string; parts: string[] }[] = [];
  for (const s of [...SERVICES, ALL]) for (const m of [...MUNICIPALITIES, ALL]) lines.push({ sum: id(s, m, 'total'), parts: CHANNELS.map((c) => id(s, m, c)) });
  for (const c of [...CHANNELS, 'total']) {
    for (const m of [...MUNICIPALITIES, ALL]) lines.push({ sum: id(ALL, m, c), parts: SERVICES.map((s) => id(s, m, c)) });
    for (const s of [...SERVICES, ALL]) lines.push({ sum: id(s, ALL, c), parts: MUNICIPALITIES.map((m) => id(s, m, c)) });
  }

  /** What an analyst can work out: every line with exactly one unknown figure gives it, until nothing more. */
  const solve = (known: ReadonlyMap<string, number>) => solveBySubstitution(lines, known);

  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    await seedFilings(ss, CRAFTED);
  }, 60_000);
  afterAll(() => ss.stop());

  it('every cell outcomes suppresses is hidden in uptake and cannot be worked out from uptake, nor from uptake with outcomes beyond outcomes alone', async () => {
    // What outcomes publishes in the breakdowns uptake mirrors; a group it leaves out had no filings.
    const fromOutcomes = new Map<string, number>();
    const hiddenByOutcomes = new Set<string>();
    for (const by of [[], ['SERVICE'], ['MUNICIPALITY'], ['SERVICE', 'MUNICIPALITY']]) {
      for (const s of by.includes('SERVICE') ? SERVICES : [ALL])
        for (const m of by.includes('MUNICIPALITY') ? MUNICIPALITIES : [ALL]) {
          for (const c of [...CHANNELS, 'total']) fromOutcomes.set(id(s, m, c), 0);
        }
      const answer = await ss.gql(OUTCOMES, { ...FEB, by }, asAnalyst());
      expect(answer.errors).toBeUndefined();
      for (const g of answer.data!.outcomes.groups) {
        for (const [c, v] of Object.entries(g.filings)) {
          const cell = id(g.serviceCode ?? null, g.municipalityCode ?? null, c);
          if (v === null) {
            fromOutcomes.delete(cell);
            hiddenByOutcomes.add(cell);
          } else fromOutcomes.set(cell, v as number);
        }
      }
    }
    expect(hiddenByOutcomes.size).toBeGreaterThan(0);

    const fromUptake = new Map<string, number>();
    for (const m of [null, ...MUNICIPALITIES]) {
      const report = await uptake(ss, m ?? undefined);
      const put = (s: string | null, counts: any) => {
        for (const c of [...CHANNELS, 'total']) if (counts[c] !== null) fromUptake.set(id(s, m, c), counts[c]);
      };
      put(null, report.total);
      for (const s of report.services) if (SERVICES.includes(s.serviceCode)) put(s.serviceCode, s.filings);
    }
    // Uptake shows no figure outcomes hides, and every figure it shows is the one outcomes shows.
    for (const cell of hiddenByOutcomes) expect([cell, fromUptake.has(cell)]).toEqual([cell, false]);
    for (const [cell, value] of fromUptake) if (fromOutcomes.has(cell)) expect([cell, value]).toEqual([cell, fromOutcomes.get(cell)]);
    // Uptake's totals minus its visible cells never give a suppressed cell back...
    const solvedFromUptake = solve(fromUptake);
    for (const cell of hiddenByOutcomes) expect([cell, solvedFromUptake.has(cell)]).toEqual([cell, false]);
    // ...and uptake with outcomes works out nothing that outcomes alone does not.
    const both = new Map([...fromOutcomes, ...fromUptake]);
    expect([...solve(both).keys()].sort()).toEqual([...solve(fromOutcomes).keys()].sort());
  });
});
