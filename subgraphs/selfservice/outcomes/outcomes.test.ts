import { ExemptionStore } from '../exemptions/exemptionStore';
import { FilingStore } from '../filings/filingStore';
import {
  asAnalyst,
  asCaseworker,
  asCitizen,
  codes,
  personaCpr,
  startTestSelfservice,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

/**
 * The outcome figures on crafted data (filings and exemptions written through the stores in a
 * throwaway schema), with the small-cell minimum at its default, 5.
 */
const cprOf = (n: number) => `010180${String(n).padStart(4, '0')}`;
const ingrid = personaCpr('ingrid');

const OUTCOMES = `query($from: Date!, $to: Date!, $by: [OutcomeDimension!]) { outcomes(from: $from, to: $to, groupBy: $by) {
  groupBy minimumCellCitizens
  groups { serviceCode wave municipalityCode suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner }
  total { suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner }
  exemptions { municipalityCode reason inForce granted expired suppressed }
  satisfaction { serviceCode channel suppressed ratings averageScore comments }
  costs { version figures { serviceCode assistedKroner source } } } }`;
const RATE = `mutation($input: RateFilingInput!, $key: ID!) { rateFiling(input: $input, idempotencyKey: $key) { filingReference score comment commentPublishable } }`;
const FEB = { from: '2024-02-01', to: '2024-02-29' };

/** [service, municipality, channel, citizens]: one filing each, in February 2024. */
const CRAFTED: [string, string, string, number][] = [
  ['housing-benefit', '0751', 'DIGITAL_SELF_SERVICE', 6],
  ['housing-benefit', '0751', 'DELEGATE', 5],
  ['housing-benefit', '0751', 'ASSISTED', 5],
  ['housing-benefit', '0825', 'ASSISTED', 1],
  ['housing-benefit', '0101', 'DIGITAL_SELF_SERVICE', 7],
  ['state-pension', '0751', 'DIGITAL_SELF_SERVICE', 10],
  ['state-pension', '0825', 'DIGITAL_SELF_SERVICE', 6],
  ['state-pension', '0101', 'DIGITAL_SELF_SERVICE', 8],
];

describe('outcome figures for analysts', () => {
  let ss: TestSelfservice;
  /** Reference -> subject, per [service, municipality, channel]. */
  const filed = new Map<string, { reference: string; cpr: string }[]>();

  beforeAll(async () => {
    ss = await startTestSelfservice();
    const filings = new FilingStore(ss.sql);
    let n = 0;
    for (const [service, municipalityCode, channel, citizens] of CRAFTED) {
      const list: { reference: string; cpr: string }[] = [];
      for (let i = 0; i < citizens; i++) {
        n += 1;
        const entry = {
          reference: `crafted-${n}`,
          service,
          channel: channel as never,
          municipalityCode,
          subjectCpr: cprOf(n),
          filedAt: `2024-02-${String(1 + (n % 27)).padStart(2, '0')}T10:00:00.000Z`,
        };
        await filings.record(entry);
        list.push({ reference: entry.reference, cpr: entry.subjectCpr });
      }
      filed.set(`${service}/${municipalityCode}/${channel}`, list);
    }
    // Ingrid's own filings, in March (outside February's figures), to rate.
    for (const reference of ['ingrid-1', 'ingrid-2', 'ingrid-3', 'ingrid-4', 'ingrid-5']) {
      await filings.record({
        reference,
        service: 'housing-benefit',
        channel: 'DIGITAL_SELF_SERVICE',
        municipalityCode: '0751',
        subjectCpr: ingrid,
        filedAt: '2024-03-01T09:00:00.000Z',
      });
    }
    const exemptions = new ExemptionStore(ss.sql);
    const grant = (cpr: string, reason: string, municipalityCode: string, validFrom: string, validTo: string | null, grantedAt: string) =>
      exemptions.grant(
        ss.sql,
        { citizenCpr: cpr, reason: reason as never, allAuthorities: true, authorities: [], validFrom, validTo, municipalityCode },
        { actorId: 'cw', actorAuthority: `municipality:${municipalityCode}`, at: new Date(grantedAt), today: grantedAt.slice(0, 10) },
      );
    for (let i = 0; i < 6; i++) await grant(cprOf(100 + i), 'LACKING_DIGITAL_SKILLS', '0751', '2024-02-05', null, '2024-02-05T09:00:00Z');
    for (let i = 0; i < 5; i++) await grant(cprOf(200 + i), 'DISABILITY', '0751', '2022-02-10', '2024-02-10', '2022-02-10T09:00:00Z');
    await grant(cprOf(300), 'NO_INTERNET_AT_HOME', '0825', '2023-01-01', null, '2023-01-01T09:00:00Z');
  }, 60_000);
  afterAll(() => ss.stop());

  const outcomes = async (by: string[], context = asAnalyst()) => {
    const answer = await ss.gql(OUTCOMES, { ...FEB, by }, context);
    expect(answer.errors).toBeUndefined();
    return answer.data!.outcomes;
  };
  const group = (report: any, match: Record<string, unknown>) => report.groups.find((g: any) => Object.entries(match).every(([k, v]) => g[k] === v));

  it('outcomes-exact: counts, digital share and savings per service, country-wide', async () => {
    const report = await outcomes(['SERVICE']);
    expect(report.minimumCellCitizens).toBe(5);
    // Housing benefit: 13 online, 5 by a delegate, 6 at the counter; saving 13 x (300 - 20) + 5 x (300 - 25) kr.
    expect(group(report, { serviceCode: 'housing-benefit' })).toEqual({
      serviceCode: 'housing-benefit',
      wave: null,
      municipalityCode: null,
      suppressed: false,
      filings: { digitalSelfService: 13, delegate: 5, assisted: 6, total: 24 },
      digitalShare: 0.75,
      estimatedSavingKroner: '5015.00',
    });
    expect(group(report, { serviceCode: 'state-pension' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: 24, delegate: 0, assisted: 0, total: 24 },
      digitalShare: 1,
      estimatedSavingKroner: '6720.00',
    });
    expect(report.total).toEqual({
      suppressed: false,
      filings: { digitalSelfService: 37, delegate: 5, assisted: 6, total: 48 },
      digitalShare: 42 / 48,
      estimatedSavingKroner: '11735.00',
    });
    expect(report.costs.figures).toContainEqual({ serviceCode: 'housing-benefit', assistedKroner: '300.00', source: expect.stringContaining('assumption') });
  });

  it('outcomes-wave: housing benefit and state pension are both wave 3', async () => {
    const report = await outcomes(['WAVE']);
    expect(report.groups).toEqual([
      expect.objectContaining({ wave: 3, suppressed: false, filings: { digitalSelfService: 37, delegate: 5, assisted: 6, total: 48 } }),
    ]);
  });

  it("outcomes-suppressed: service by municipality on sparse data: Læsø's lone filing is hidden with partners that keep it hidden in every breakdown, not the whole table", async () => {
    const report = await outcomes(['MUNICIPALITY', 'SERVICE']);
    expect(report.groupBy).toEqual(['SERVICE', 'MUNICIPALITY']);
    const hidden = {
      suppressed: true,
      filings: { digitalSelfService: null, delegate: null, assisted: null, total: null },
      digitalShare: null,
      estimatedSavingKroner: null,
    };
    // A rectangle: Læsø and Copenhagen, both services; in Aarhus the assisted filings and a partner for them.
    for (const [serviceCode, municipalityCode] of [
      ['housing-benefit', '0825'],
      ['housing-benefit', '0101'],
      ['state-pension', '0825'],
      ['state-pension', '0101'],
    ]) {
      expect(group(report, { serviceCode, municipalityCode })).toMatchObject(hidden);
    }
    expect(group(report, { serviceCode: 'housing-benefit', municipalityCode: '0751' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: null, delegate: 5, assisted: null, total: 16 },
      digitalShare: null,
      estimatedSavingKroner: null,
    });
    expect(group(report, { serviceCode: 'state-pension', municipalityCode: '0751' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: 10, delegate: 0, assisted: 0, total: 10 },
      digitalShare: 1,
      estimatedSavingKroner: '2800.00',
    });
  });

  it('outcomes-suppressed-channels: by municipality, Læsø is shown (7 citizens) but its channels are not, nor the cells that would give them back', async () => {
    const report = await outcomes(['MUNICIPALITY']);
    expect(group(report, { municipalityCode: '0825' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: null, delegate: 0, assisted: null, total: 7 },
      digitalShare: null,
      estimatedSavingKroner: null,
    });
    expect(group(report, { municipalityCode: '0751' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: null, delegate: 5, assisted: null, total: 26 },
    });
    expect(group(report, { municipalityCode: '0101' })).toMatchObject({
      suppressed: false,
      filings: { digitalSelfService: 15, delegate: 0, assisted: 0, total: 15 },
      digitalShare: 1,
    });
  });

  it('outcomes-exemptions: in force, granted and expired by ground; a lone exemption hidden with a partner', async () => {
    const report = await outcomes([]);
    const byReason = Object.fromEntries(report.exemptions.map((e: any) => [e.reason, e]));
    expect(byReason.LACKING_DIGITAL_SKILLS).toEqual({
      municipalityCode: null,
      reason: 'LACKING_DIGITAL_SKILLS',
      inForce: 6,
      granted: 6,
      expired: 0,
      suppressed: false,
    });
    expect(byReason.NO_INTERNET_AT_HOME).toMatchObject({ inForce: null, suppressed: true });
    expect(byReason.DISABILITY).toMatchObject({ inForce: null, granted: 0, expired: 5, suppressed: true });
  });

  it('outcomes-analyst-only: citizens, caseworkers and analysts without uptake:read get FORBIDDEN', async () => {
    for (const context of [asCitizen(ingrid), asCaseworker(['selfservice:read', 'exemptions:grant']), asAnalyst([])]) {
      expect(codes(await ss.gql(OUTCOMES, { ...FEB, by: [] }, context))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await ss.gql(OUTCOMES, { from: '2024-03-01', to: '2024-02-01', by: [] }, asAnalyst()))).toEqual(['BAD_USER_INPUT']);
  });

  describe('satisfaction', () => {
    beforeAll(async () => {
      const rate = (reference: string, cpr: string, score: number, comment?: string) =>
        ss.gql(RATE, { input: { filingReference: reference, score, comment }, key: `rate-${reference}` }, asCitizen(cpr));
      const online = filed.get('housing-benefit/0751/DIGITAL_SELF_SERVICE')!;
      const comments = ['Nemt og hurtigt', 'Tak til Ingrid for hjælpen', 'mit nummer er 010180-0001', undefined, 'Formularen var lang', undefined];
      for (const [i, f] of online.entries()) expect((await rate(f.reference, f.cpr, [4, 5, 4, 5, 4, 3][i], comments[i])).errors).toBeUndefined();
      for (const f of filed.get('housing-benefit/0751/DELEGATE')!) expect((await rate(f.reference, f.cpr, 2)).errors).toBeUndefined();
      const [laesoe] = filed.get('housing-benefit/0825/ASSISTED')!;
      expect((await rate(laesoe.reference, laesoe.cpr, 1, 'Venlig betjening')).errors).toBeUndefined();
    });

    it('satisfaction-per-channel: mean and screened comments without identity; the lone assisted rating and a partner hidden', async () => {
      const report = await outcomes([]);
      const cell = (channel: string) => report.satisfaction.find((s: any) => s.serviceCode === 'housing-benefit' && s.channel === channel);
      expect(cell('DIGITAL_SELF_SERVICE')).toEqual({
        serviceCode: 'housing-benefit',
        channel: 'DIGITAL_SELF_SERVICE',
        suppressed: false,
        ratings: 6,
        averageScore: 4.17,
        comments: ['Formularen var lang', 'Nemt og hurtigt'],
      });
      expect(cell('ASSISTED')).toEqual({
        serviceCode: 'housing-benefit',
        channel: 'ASSISTED',
        suppressed: true,
        ratings: null,
        averageScore: null,
        comments: [],
      });
      expect(cell('DELEGATE')).toMatchObject({ suppressed: true, ratings: null });
    });
  });

  describe('rating a filing', () => {
    it('rate-once: a retry with the same key returns the first rating and counts once; another key is CONFLICT', async () => {
      const input = { filingReference: 'ingrid-1', score: 5, comment: 'Fint' };
      const first = await ss.gql(RATE, { input, key: 'r-1' }, asCitizen(ingrid));
      expect(first.errors).toBeUndefined();
      expect(first.data!.rateFiling).toEqual({ filingReference: 'ingrid-1', score: 5, comment: 'Fint', commentPublishable: true });
      expect((await ss.gql(RATE, { input, key: 'r-1' }, asCitizen(ingrid))).data).toEqual(first.data);
      const { rows } = await ss.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM filing_ratings WHERE filing_reference = 'ingrid-1'`);
      expect(rows[0].n).toBe(1);
      expect(codes(await ss.gql(RATE, { input, key: 'r-2' }, asCitizen(ingrid)))).toEqual(['CONFLICT']);
      expect(codes(await ss.gql(RATE, { input: { ...input, score: 1 }, key: 'r-1' }, asCitizen(ingrid)))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    });

    it("rate-only-own: another citizen's filing is NOT_FOUND; a score outside 1-5 BAD_USER_INPUT; a caseworker FORBIDDEN", async () => {
      expect(codes(await ss.gql(RATE, { input: { filingReference: 'ingrid-2', score: 3 }, key: 'k-1' }, asCitizen(personaCpr('karen'))))).toEqual([
        'NOT_FOUND',
      ]);
      expect(codes(await ss.gql(RATE, { input: { filingReference: 'ingrid-2', score: 6 }, key: 'k-2' }, asCitizen(ingrid)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await ss.gql(RATE, { input: { filingReference: 'ingrid-2', score: 3 }, key: 'k-3' }, asCaseworker(['housing:assist'])))).toEqual([
        'FORBIDDEN',
      ]);
    });

    it("rate-as-delegate: Mads rates his grandmother's filing under a power of attorney to file housing benefit, logged in her access log", async () => {
      const mads = personaCpr('mads');
      const without = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'tax', actions: ['read', 'file'] }] });
      expect(codes(await ss.gql(RATE, { input: { filingReference: 'ingrid-2', score: 4 }, key: 'm-1' }, without))).toEqual(['FORBIDDEN']);
      const delegate = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] }] });
      const answer = await ss.gql(RATE, { input: { filingReference: 'ingrid-2', score: 4, comment: 'Mads hjalp' }, key: 'm-2' }, delegate);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.rateFiling).toMatchObject({ score: 4, commentPublishable: false });
      const { rows } = await ss.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM access_log WHERE subject_cpr = $1 AND operation = 'mutation rateFiling'`,
        [ingrid],
      );
      expect(rows[0].n).toBe(1);
    });

    it("rating-comment-names-grantor-screened: a delegate's comment naming the citizen acted for, or the delegate, is withheld; the names come from the register", async () => {
      const mads = personaCpr('mads');
      // The delegate's context carries no name here: the register's names of both are what the comment is screened for.
      const delegate = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] }] });
      const rate = async (filingReference: string, comment: string, key: string) => {
        const answer = await ss.gql(RATE, { input: { filingReference, score: 4, comment }, key }, delegate);
        expect(answer.errors).toBeUndefined();
        return answer.data!.rateFiling.commentPublishable;
      };
      ss.cprStandIn.resetCalls();
      expect(await rate('ingrid-3', 'Jeg hjalp min farmor, fru Holm, med ansøgningen', 'g-1')).toBe(false);
      // Asked of the register: the citizen acted for and the delegate, nothing else.
      expect(
        ss.cprStandIn
          .calls()
          .flatMap((c) => c.keys)
          .sort(),
      ).toEqual([ingrid, mads].sort());
      expect(await rate('ingrid-4', 'Nem formular, hurtigt svar', 'g-2')).toBe(true);
    });

    it('rating-comment-register-down: when the register cannot name them, the rating counts but its comment is not shown', async () => {
      ss.cprStandIn.setFaults({ down: true });
      try {
        const answer = await ss.gql(RATE, { input: { filingReference: 'ingrid-5', score: 3, comment: 'Nem formular' }, key: 'd-1' }, asCitizen(ingrid));
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.rateFiling).toMatchObject({ score: 3, comment: 'Nem formular', commentPublishable: false });
      } finally {
        ss.cprStandIn.setFaults({ down: false });
      }
    });
  });
});
