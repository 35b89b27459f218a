import { channelCosts, savingPerFilingOre } from '../../../domain/catalogue/channelCosts';
import { asAnalyst, startTestSelfservice, type TestSelfservice } from '../../../test/support/selfserviceTestSupport';
import { linearlyRecoverable, type PublishedSum, solveBySubstitution } from './differencing';
import { ExemptionStore } from '../exemptions/exemptionStore';
import { FilingStore } from '../filings/filingStore';

/**
 * No one singled out by differencing: on crafted data, every breakdown the API accepts (every
 * ordered choice of SERVICE, WAVE and MUNICIPALITY, and none) is asked for, every number published
 * is collected, and every sum an analyst knows holds between them (a group's channels and total; a
 * figure over all municipalities and its municipalities; a wave and its services; all and the
 * waves; a saving and the filings beneath it, weighted by the saving per filing) is solved, by
 * substitution and by exact linear algebra over all of them at once. No hidden figure may come out.
 * The rule holds for one period; across periods see docs/outcomes.md.
 */
const FEB = { from: '2024-02-01', to: '2024-02-29' };
const MIN = 5;
const CHANNELS = { digitalSelfService: 'DIGITAL_SELF_SERVICE', delegate: 'DELEGATE', assisted: 'ASSISTED' } as const;
const FIELDS = ['digitalSelfService', 'delegate', 'assisted', 'total'] as const;
const DIMENSIONS = ['SERVICE', 'WAVE', 'MUNICIPALITY'];
const ALL = '*';

const OUTCOMES = `query($from: Date!, $to: Date!, $by: [OutcomeDimension!]) { outcomes(from: $from, to: $to, groupBy: $by) {
  groupBy groups { serviceCode wave municipalityCode suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner }
  total { suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner } } }`;

/** [service, municipality, channel, citizens, filings each (default 1)]. */
type Seed = [service: string, municipality: string, channel: keyof typeof CHANNELS, citizens: number, each?: number];

/** Every groupBy the API accepts: none, and every ordered choice of distinct dimensions. */
function everyGroupBy(): string[][] {
  const out: string[][] = [[]];
  const grow = (prefix: string[]) => {
    for (const d of DIMENSIONS)
      if (!prefix.includes(d)) {
        out.push([...prefix, d]);
        grow([...prefix, d]);
      }
  };
  grow([]);
  return out;
}

async function seed(ss: TestSelfservice, rows: readonly Seed[]): Promise<void> {
  const store = new FilingStore(ss.sql);
  let n = 0;
  for (const [service, municipalityCode, field, citizens, each = 1] of rows) {
    for (let i = 0; i < citizens; i++) {
      n += 1;
      for (let k = 0; k < each; k++) {
        await store.record({
          reference: `d-${n}-${k}`,
          service,
          channel: CHANNELS[field],
          municipalityCode,
          subjectCpr: `030380${String(n).padStart(4, '0')}`,
          filedAt: `2024-02-${String(1 + ((n + k) % 27)).padStart(2, '0')}T10:00:00.000Z`,
        });
      }
    }
  }
}

interface Audit {
  /** Cell id -> value, for every figure shown in any answer (groups with no filings: 0). */
  readonly shown: Map<string, number>;
  /** Cell ids null in some answer. */
  readonly hidden: Set<string>;
  /** Hidden cells worked out by substitution or linear algebra (must be none). */
  readonly recovered: string[];
  readonly answers: Map<string, any>;
}

/** Asks every breakdown, collects every number, and solves every published sum. */
async function auditAllBreakdowns(ss: TestSelfservice, rows: readonly Seed[]): Promise<Audit> {
  const waveOf = (service: string) => String(ss.catalogue.get(service)?.wave ?? null);
  const services = [...new Set(rows.map((r) => r[0]))].sort();
  const waves = [...new Set(services.map(waveOf))].sort();
  const municipalities = [...new Set(rows.map((r) => r[1]))].sort();
  const id = (s: string, w: string, m: string, f: string) => `${s}|${w}|${m}|${f}`;
  const shown = new Map<string, number>();
  const hidden = new Set<string>();
  const savings: { group: [string, string, string]; ore: number }[] = [];
  const answers = new Map<string, any>();
  const conflicts: string[] = [];

  for (const by of everyGroupBy()) {
    const answer = await ss.gql(OUTCOMES, { ...FEB, by }, asAnalyst());
    expect(answer.errors).toBeUndefined();
    const outcomes = answer.data!.outcomes;
    answers.set(by.join(','), outcomes);
    for (const g of [...outcomes.groups, { ...outcomes.total, serviceCode: null, wave: undefined, municipalityCode: null }]) {
      const s = g.serviceCode ?? ALL;
      const w = by.includes('WAVE') && g.wave !== undefined ? String(g.wave) : g.serviceCode ? waveOf(g.serviceCode) : ALL;
      const m = g.municipalityCode ?? ALL;
      for (const f of FIELDS) {
        const cell = id(s, w, m, f);
        const value = g.filings[f];
        if (value === null) hidden.add(cell);
        else if (shown.has(cell) && shown.get(cell) !== value) conflicts.push(`${cell}: ${shown.get(cell)} and ${value}`);
        else shown.set(cell, value);
      }
      // A share is shown only with every count it is made from.
      if (g.digitalShare !== null) expect(FIELDS.map((f) => g.filings[f])).not.toContain(null);
      if (g.estimatedSavingKroner !== null) savings.push({ group: [s, w, m], ore: Math.round(Number(g.estimatedSavingKroner) * 100) });
    }
  }
  expect(conflicts).toEqual([]);
  // The same figure is never shown in one breakdown and hidden in another.
  expect([...hidden].filter((cell) => shown.has(cell))).toEqual([]);

  // Every cell of every breakdown; one no answer lists is a group with no filings: 0.
  const serviceLevels: [string, string][] = [
    ...services.map((s): [string, string] => [s, waveOf(s)]),
    ...waves.map((w): [string, string] => [ALL, w]),
    [ALL, ALL],
  ];
  const known = new Map(shown);
  for (const [s, w] of serviceLevels)
    for (const m of [...municipalities, ALL])
      for (const f of FIELDS) {
        const cell = id(s, w, m, f);
        if (!hidden.has(cell) && !known.has(cell)) known.set(cell, 0);
      }

  const lines: PublishedSum[] = [];
  const channelFields = FIELDS.filter((f) => f !== 'total');
  for (const [s, w] of serviceLevels)
    for (const m of [...municipalities, ALL]) {
      lines.push({ sum: id(s, w, m, 'total'), parts: channelFields.map((f) => id(s, w, m, f)) });
    }
  for (const f of FIELDS) {
    for (const [s, w] of serviceLevels) lines.push({ sum: id(s, w, ALL, f), parts: municipalities.map((m) => id(s, w, m, f)) });
    for (const m of [...municipalities, ALL]) {
      for (const w of waves) lines.push({ sum: id(ALL, w, m, f), parts: services.filter((s) => waveOf(s) === w).map((s) => id(s, w, m, f)) });
      lines.push({ sum: id(ALL, ALL, m, f), parts: waves.map((w) => id(ALL, w, m, f)) });
      lines.push({ sum: id(ALL, ALL, m, f), parts: services.map((s) => id(s, waveOf(s), m, f)) });
    }
  }
  // A saving is the filings beneath it, each times what a filing through its channel saves.
  const costs = channelCosts();
  for (const {
    group: [s, w, m],
    ore,
  } of savings) {
    const beneath = services.filter((x) => (s === ALL ? w === ALL || waveOf(x) === w : x === s));
    const parts = beneath.flatMap((x) =>
      channelFields.map((f) => ({ cell: id(x, waveOf(x), m, f), weight: Number(savingPerFilingOre(costs, x, CHANNELS[f as keyof typeof CHANNELS])) })),
    );
    const sum = `saving|${s}|${w}|${m}`;
    known.set(sum, ore);
    lines.push({ sum, parts: parts.map((p) => p.cell), weights: parts.map((p) => p.weight) });
  }

  const bySubstitution = solveBySubstitution(lines, known);
  const byAlgebra = linearlyRecoverable(lines, known);
  const recovered = [...hidden].filter((cell) => bySubstitution.has(cell) || byAlgebra.has(cell));
  return { shown, hidden, recovered, answers };
}

/** Every cell of the finest table (service by municipality by channel) under the minimum, by id. */
const smallCells = (rows: readonly Seed[], waveOf: (s: string) => string) =>
  rows.filter((r) => r[3] > 0 && r[3] < MIN).map(([s, m, f]) => `${s}|${waveOf(s)}|${m}|${f}`);

describe('outcomes-every-breakdown-no-differencing', () => {
  /** Five services in three waves (child benefit in none), three municipalities; small cells in every wave. */
  const CRAFTED: Seed[] = [
    ['change-of-address', '0751', 'digitalSelfService', 12],
    ['change-of-address', '0751', 'delegate', 3],
    ['change-of-address', '0825', 'digitalSelfService', 6],
    ['change-of-address', '0101', 'assisted', 2],
    ['daycare', '0751', 'digitalSelfService', 9],
    ['daycare', '0101', 'digitalSelfService', 7],
    ['daycare', '0101', 'delegate', 1],
    ['housing-benefit', '0751', 'digitalSelfService', 6],
    ['housing-benefit', '0751', 'delegate', 5],
    ['housing-benefit', '0751', 'assisted', 5],
    ['housing-benefit', '0825', 'assisted', 1],
    ['housing-benefit', '0101', 'digitalSelfService', 7],
    ['state-pension', '0751', 'digitalSelfService', 10],
    ['state-pension', '0825', 'digitalSelfService', 6],
    ['state-pension', '0101', 'digitalSelfService', 8],
    ['state-pension', '0751', 'delegate', 2],
    ['child-benefit', '0751', 'digitalSelfService', 9],
    ['child-benefit', '0825', 'assisted', 8],
    // Two citizens filing three times each: six filings, still a small cell.
    ['child-benefit', '0751', 'assisted', 2, 3],
  ];
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    await seed(ss, CRAFTED);
  }, 60_000);
  afterAll(() => ss.stop());

  it('outcomes-every-breakdown-no-differencing: all 16 breakdowns together give back no hidden figure, by substitution or by linear algebra', async () => {
    const audit = await auditAllBreakdowns(ss, CRAFTED);
    expect(audit.answers.size).toBe(16);
    const waveOf = (s: string) => String(ss.catalogue.get(s)?.wave ?? null);
    // Every small cell is hidden (in every breakdown that shows it: checked above), with partners.
    for (const cell of smallCells(CRAFTED, waveOf)) expect([cell, audit.hidden.has(cell)]).toEqual([cell, true]);
    expect(audit.hidden.size).toBeGreaterThan(smallCells(CRAFTED, waveOf).length);
    expect(audit.recovered).toEqual([]);
    // The same breakdown in another order is the same answer.
    expect(audit.answers.get('MUNICIPALITY,SERVICE').groups).toEqual(audit.answers.get('SERVICE,MUNICIPALITY').groups);
  });
});

describe('outcomes-sparse-table-keeps-safe-cells', () => {
  /** The outcome tests' sparse table: Læsø's one assisted housing-benefit filing; state pension only online. */
  const SPARSE: Seed[] = [
    ['housing-benefit', '0751', 'digitalSelfService', 6],
    ['housing-benefit', '0751', 'delegate', 5],
    ['housing-benefit', '0751', 'assisted', 5],
    ['housing-benefit', '0825', 'assisted', 1],
    ['housing-benefit', '0101', 'digitalSelfService', 7],
    ['state-pension', '0751', 'digitalSelfService', 10],
    ['state-pension', '0825', 'digitalSelfService', 6],
    ['state-pension', '0101', 'digitalSelfService', 8],
  ];
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    await seed(ss, SPARSE);
  }, 60_000);
  afterAll(() => ss.stop());

  it('outcomes-sparse-table-keeps-safe-cells: service by municipality keeps what it safely can, and nothing hidden comes back', async () => {
    const audit = await auditAllBreakdowns(ss, SPARSE);
    expect(audit.recovered).toEqual([]);
    const filings = (by: string) => audit.answers.get(by).groups.map((g: any) => [g.serviceCode, g.municipalityCode, g.filings]);
    const none = { digitalSelfService: null, delegate: null, assisted: null, total: null };
    // Before: all six groups were wholly suppressed. Now the rectangle Læsø/Copenhagen by both services
    // is hidden, and Aarhus keeps its totals, the state-pension channels and housing benefit's delegates.
    expect(filings('SERVICE,MUNICIPALITY')).toEqual([
      ['housing-benefit', '0101', none],
      ['housing-benefit', '0751', { digitalSelfService: null, delegate: 5, assisted: null, total: 16 }],
      ['housing-benefit', '0825', none],
      ['state-pension', '0101', none],
      ['state-pension', '0751', { digitalSelfService: 10, delegate: 0, assisted: 0, total: 10 }],
      ['state-pension', '0825', none],
    ]);
    // The margins are safe and shown in full: per service, and the country.
    expect(filings('SERVICE')).toEqual([
      ['housing-benefit', null, { digitalSelfService: 13, delegate: 5, assisted: 6, total: 24 }],
      ['state-pension', null, { digitalSelfService: 24, delegate: 0, assisted: 0, total: 24 }],
    ]);
    expect(audit.answers.get('').total).toEqual({
      suppressed: false,
      filings: { digitalSelfService: 37, delegate: 5, assisted: 6, total: 48 },
      digitalShare: 0.875,
      estimatedSavingKroner: '11735.00',
    });
    // Per municipality: every total; channels where they give no cell back.
    expect(filings('MUNICIPALITY')).toEqual([
      [null, '0101', { digitalSelfService: 15, delegate: 0, assisted: 0, total: 15 }],
      [null, '0751', { digitalSelfService: null, delegate: 5, assisted: null, total: 26 }],
      [null, '0825', { digitalSelfService: null, delegate: 0, assisted: null, total: 7 }],
    ]);
    // Over all breakdowns, more distinct figures are shown than hidden.
    expect(audit.shown.size).toBeGreaterThan(audit.hidden.size);
  });
});

describe('exemptions-every-breakdown-no-differencing', () => {
  /** [ground, municipality, citizens, valid from, valid to, granted]: one exemption each. */
  const EXEMPTIONS: [string, string, number, string, string | null, string][] = [
    ['LACKING_DIGITAL_SKILLS', '0751', 6, '2024-02-05', null, '2024-02-05'],
    ['LACKING_DIGITAL_SKILLS', '0825', 1, '2024-02-05', null, '2024-02-05'],
    ['LACKING_DIGITAL_SKILLS', '0101', 5, '2024-02-06', null, '2024-02-06'],
    ['NO_INTERNET_AT_HOME', '0751', 2, '2023-01-01', null, '2023-01-01'],
    ['NO_INTERNET_AT_HOME', '0101', 7, '2023-01-01', null, '2023-01-01'],
    ['DISABILITY', '0751', 5, '2022-02-10', '2024-02-10', '2022-02-10'],
    ['LANGUAGE_DIFFICULTIES', '0825', 6, '2023-06-01', null, '2023-06-01'],
    ['LANGUAGE_DIFFICULTIES', '0101', 1, '2023-06-01', '2024-02-20', '2023-06-01'],
  ];
  const MEASURES = ['inForce', 'granted', 'expired'] as const;
  const UPTAKE = `query($from: Date!, $to: Date!, $m: String) { uptake(from: $from, to: $to, municipalityCode: $m) { exemptionsInForce exemptionsByReason { reason exemptions } } }`;
  const EXEMPTIONS_QUERY = `query($from: Date!, $to: Date!, $by: [OutcomeDimension!]) { outcomes(from: $from, to: $to, groupBy: $by) { exemptions { municipalityCode reason inForce granted expired suppressed } } }`;

  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    const store = new ExemptionStore(ss.sql);
    let n = 0;
    for (const [reason, municipalityCode, citizens, validFrom, validTo, grantedOn] of EXEMPTIONS) {
      for (let i = 0; i < citizens; i++, n++) {
        await store.grant(
          ss.sql,
          {
            citizenCpr: `040480${String(n).padStart(4, '0')}`,
            reason: reason as never,
            allAuthorities: true,
            authorities: [],
            validFrom,
            validTo,
            municipalityCode,
          },
          { actorId: 'cw', actorAuthority: `municipality:${municipalityCode}`, at: new Date(`${grantedOn}T09:00:00Z`), today: grantedOn },
        );
      }
    }
  }, 60_000);
  afterAll(() => ss.stop());

  it("exemptions-every-breakdown-no-differencing: grounds over all municipalities, per municipality and uptake's sums together give back no hidden figure", async () => {
    const reasons = [...new Set(EXEMPTIONS.map((e) => e[0]))];
    const municipalities = [...new Set(EXEMPTIONS.map((e) => e[1]))];
    const id = (measure: string, m: string, reason: string) => `${measure}|${m}|${reason}`;
    const shown = new Map<string, number>();
    const hidden = new Set<string>();
    const put = (cell: string, value: number | null) => {
      if (value === null) hidden.add(cell);
      else {
        if (shown.has(cell)) expect([cell, shown.get(cell)]).toEqual([cell, value]);
        shown.set(cell, value);
      }
    };
    for (const by of everyGroupBy()) {
      const answer = await ss.gql(EXEMPTIONS_QUERY, { ...FEB, by }, asAnalyst());
      expect(answer.errors).toBeUndefined();
      for (const e of answer.data!.outcomes.exemptions) for (const measure of MEASURES) put(id(measure, e.municipalityCode ?? ALL, e.reason), e[measure]);
    }
    for (const m of [null, ...municipalities]) {
      const answer = await ss.gql(UPTAKE, { ...FEB, m }, asAnalyst());
      expect(answer.errors).toBeUndefined();
      put(id('inForce', m ?? ALL, ALL), answer.data!.uptake.exemptionsInForce);
      for (const r of answer.data!.uptake.exemptionsByReason) put(id('inForce', m ?? ALL, r.reason), r.exemptions);
    }
    expect([...hidden].filter((cell) => shown.has(cell))).toEqual([]);
    // The lone Læsø and Copenhagen exemptions, and Aarhus's two without internet, are hidden.
    for (const cell of [
      id('inForce', '0825', 'LACKING_DIGITAL_SKILLS'),
      id('inForce', '0751', 'NO_INTERNET_AT_HOME'),
      id('expired', '0101', 'LANGUAGE_DIFFICULTIES'),
    ])
      expect([cell, hidden.has(cell)]).toEqual([cell, true]);

    const known = new Map(shown);
    const lines: PublishedSum[] = [];
    for (const measure of MEASURES) {
      for (const m of [...municipalities, ALL])
        for (const r of [...reasons, ALL]) {
          const cell = id(measure, m, r);
          if (!hidden.has(cell) && !known.has(cell) && r !== ALL) known.set(cell, 0);
        }
      for (const r of [...reasons, ALL]) lines.push({ sum: id(measure, ALL, r), parts: municipalities.map((m) => id(measure, m, r)) });
      for (const m of [...municipalities, ALL]) lines.push({ sum: id(measure, m, ALL), parts: reasons.map((r) => id(measure, m, r)) });
    }
    const bySubstitution = solveBySubstitution(lines, known);
    const byAlgebra = linearlyRecoverable(lines, known);
    expect([...hidden].filter((cell) => bySubstitution.has(cell) || byAlgebra.has(cell))).toEqual([]);
  });
});
