import { asCaseworker, asCitizen, asAnalyst, codes, GRANT_EXEMPTION, personaCpr, filingContext, recordFiling, servingCitizen, startTestSelfservice, type TestSelfservice } from './testSupport';

const ingrid = personaCpr('ingrid');
const bent = personaCpr('bent');
const karen = personaCpr('karen');

const UPTAKE = `query($from: Date!, $to: Date!, $m: String) { uptake(from: $from, to: $to, municipalityCode: $m) {
  municipalityCode total { digitalSelfService delegate assisted total byChannel { channel filings } }
  services { serviceCode filings { digitalSelfService delegate assisted total } digitalShare }
  exemptionsInForce citizensExempt exemptionsByReason { reason exemptions citizens } } }`;

describe('uptake figures for analysts', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    const filings: [string, string, string, string, string][] = [
      // service, channel, municipality, filedAt, reference
      ['housing-benefit', 'DIGITAL_SELF_SERVICE', '0751', '2024-02-01T10:00:00Z', 'hb-1'],
      ['housing-benefit', 'DIGITAL_SELF_SERVICE', '0751', '2024-02-02T10:00:00Z', 'hb-2'],
      ['housing-benefit', 'DELEGATE', '0751', '2024-02-03T10:00:00Z', 'hb-3'],
      ['housing-benefit', 'ASSISTED', '0825', '2024-02-04T10:00:00Z', 'hb-4'],
      ['state-pension', 'ASSISTED', '0751', '2024-02-05T10:00:00Z', 'sp-1'],
      // 23:30 UTC on 31 January is 1 February in Denmark: inside the period.
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-01-31T23:30:00Z', 'ca-1'],
      // 23:30 UTC on 29 February is 1 March in Denmark: outside.
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-02-29T23:30:00Z', 'ca-2'],
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '0751', '2024-01-15T10:00:00Z', 'ca-3'],
    ];
    for (const [service, channel, municipalityCode, filedAt, reference] of filings) {
      const answer = await recordFiling(ss, { service, channel, municipalityCode, subjectCpr: ingrid, filedAt, reference });
      expect(answer.status).toBe(204);
    }
    // The same reference again counts once.
    expect((await recordFiling(ss, { service: 'housing-benefit', channel: 'DIGITAL_SELF_SERVICE', municipalityCode: '0751', subjectCpr: ingrid, filedAt: '2024-02-01T10:00:00Z', reference: 'hb-1' })).status).toBe(204);

    // Each by the citizen's own municipality, serving them: Læsø for Bent, Aarhus for Ingrid and Karen.
    const grant = (input: { citizenCpr: string } & Record<string, unknown>, key: string) =>
      ss.gql(GRANT_EXEMPTION, { input, key }, servingCitizen(input.citizenCpr, { scopes: ['exemptions:grant'] }));
    await grant({ citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME', validFrom: '2023-01-01', openEnded: true }, 'e1');
    await grant({ citizenCpr: ingrid, reason: 'LACKING_DIGITAL_SKILLS', validFrom: '2024-02-10', validTo: '2026-02-10' }, 'e2');
    await grant({ citizenCpr: ingrid, reason: 'LACKING_DIGITAL_SKILLS', authority: 'udbetaling-danmark', validFrom: '2024-02-10', validTo: '2026-02-10' }, 'e3');
    // Ended before the period: not counted.
    await grant({ citizenCpr: karen, reason: 'LANGUAGE_DIFFICULTIES', validFrom: '2020-01-01', validTo: '2023-12-31' }, 'e4');
  });
  afterAll(() => ss.stop());

  it('counts February 2024 for the whole country', async () => {
    const answer = await ss.gql(UPTAKE, { from: '2024-02-01', to: '2024-02-29' }, asAnalyst());
    expect(answer.errors).toBeUndefined();
    const report = answer.data!.uptake;
    expect(report.total).toEqual({ digitalSelfService: 3, delegate: 1, assisted: 2, total: 6, byChannel: [
      { channel: 'DIGITAL_SELF_SERVICE', filings: 3 }, { channel: 'DELEGATE', filings: 1 }, { channel: 'ASSISTED', filings: 2 },
    ] });
    const byCode = Object.fromEntries(report.services.map((s: any) => [s.serviceCode, s]));
    expect(byCode['housing-benefit']).toEqual({ serviceCode: 'housing-benefit', filings: { digitalSelfService: 2, delegate: 1, assisted: 1, total: 4 }, digitalShare: 0.75 });
    expect(byCode['state-pension'].digitalShare).toBe(0);
    expect(byCode['change-of-address'].filings.total).toBe(1);
    expect(byCode['daycare']).toEqual({ serviceCode: 'daycare', filings: { digitalSelfService: 0, delegate: 0, assisted: 0, total: 0 }, digitalShare: null });
    expect(report.exemptionsInForce).toBe(3);
    expect(report.citizensExempt).toBe(2);
    expect(report.exemptionsByReason).toEqual([
      { reason: 'LACKING_DIGITAL_SKILLS', exemptions: 2, citizens: 1 },
      { reason: 'NO_INTERNET_AT_HOME', exemptions: 1, citizens: 1 },
    ]);
  });

  it('counts one municipality (Læsø)', async () => {
    const report = (await ss.gql(UPTAKE, { from: '2024-02-01', to: '2024-02-29', m: '0825' }, asAnalyst())).data!.uptake;
    expect(report.municipalityCode).toBe('0825');
    expect(report.total).toMatchObject({ assisted: 1, total: 1 });
    expect(report.exemptionsInForce).toBe(1);
  });

  it('uptake-forbidden: citizens, caseworkers and analysts without uptake:read get FORBIDDEN', async () => {
    for (const context of [asCitizen(ingrid), asCaseworker(['selfservice:read', 'exemptions:grant']), asAnalyst([])]) {
      expect(codes(await ss.gql(UPTAKE, { from: '2024-02-01', to: '2024-02-29' }, context))).toEqual(['FORBIDDEN']);
    }
  });

  it('uptake-bad-period: from after to, malformed municipality', async () => {
    expect(codes(await ss.gql(UPTAKE, { from: '2024-03-01', to: '2024-02-01' }, asAnalyst()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ss.gql(UPTAKE, { from: '2024-02-01', to: '2024-02-29', m: 'Aarhus' }, asAnalyst()))).toEqual(['BAD_USER_INPUT']);
  });

  it('filing-unknown-service: refused with 400', async () => {
    const filedAt = ss.clock.now().toISOString();
    const answer = await ss.post('/internal/filings', { entry: { service: 'moon-landing', channel: 'ASSISTED', municipalityCode: '0751', subjectCpr: ingrid, filedAt, reference: 'x-1' } },
      filingContext('ASSISTED', ingrid), { service: 'housing', operation: 'mutation' });
    expect(answer.status).toBe(400);
  });
});
