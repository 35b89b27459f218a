import { generatePopulation, PERSONAS, personaCpr } from '../../legacy/population';
import { TEST_REDIS_URL } from '../../test/support/testStack';
import { caseworkerContext, delegateContext, selfContext } from '../../test/support/callerContexts';
import { CacheCipher, CacheMetrics, MemoryCacheStore, ReadThroughCache, silentLogger, type Logger } from '../../platform';
import type { UnstampedContext } from '../../test/support/callerContexts';
import { clientReference } from '../kit/filing';
import { entities, startBenefitsForTests, type BenefitsTestHarness } from '../../test/support/benefitsTestSupport';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const BENT = personaCpr('bent');

const APPLY = `mutation ($input: BenefitApplicationInput!, $key: ID!) {
  applyForBenefit(input: $input, idempotencyKey: $key) {
    application { id type receivedOn status text receivedVia }
    channel
    exemptionUsed
  }
}`;

const APPLICATIONS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Citizen { benefitApplications { id type status receivedVia } } }
}`;

const CLAIMS_AND_PAYMENTS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      benefitClaims { id type payments(first: 2) { totalCount edges { node { id } } } }
      benefitPayments(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { id amount { ore } } } }
      benefitApplications { id }
    }
  }
}`;

const EXEMPT_FROM_UDBETALING_DANMARK = [{ authorities: ['udbetaling-danmark'], reason: 'NO_INTERNET', validTo: null }];
let keySequence = 0;
const newKey = (label: string) => `${label}-${Date.now()}-${++keySequence}`;

async function ansRows(harness: BenefitsTestHarness, cpr: string) {
  return (
    await harness.sql.query<{ ans_id: string; ans_ref: string | null; ans_kanal: string; ans_type: string }>(
      'SELECT ANS_ID::text AS ans_id, ANS_REF AS ans_ref, ANS_KANAL AS ans_kanal, ANS_TYPE AS ans_type FROM YDL_ANS WHERE ANS_CPR = $1 ORDER BY ANS_ID',
      [cpr],
    )
  ).rows;
}

const inserts = (harness: BenefitsTestHarness) => harness.statements().filter((s) => s.name === 'insertApplication');

describe('applyForBenefit', () => {
  let harness: BenefitsTestHarness;
  const apply = (caller: UnstampedContext, input: Record<string, unknown>, key = newKey('apply')) => harness.graphql(APPLY, { input, key }, caller);

  beforeAll(async () => {
    harness = await startBenefitsForTests({ cache: true });
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.clearRecorded());

  it('second-query-zero-legacy-calls: the same query twice sends nothing to the database the second time', async () => {
    const variables = { representations: entities([KAREN]) };
    const first = await harness.graphql(CLAIMS_AND_PAYMENTS, variables, selfContext('karen'));
    expect(first.errors).toBeUndefined();
    expect(
      harness
        .statements()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['applicationsByCpr', 'claimsByCpr', 'paymentCountsByClaim', 'paymentCountsByCpr', 'paymentPagesByClaim', 'paymentPagesByCpr']);
    harness.clearRecorded();
    const second = await harness.graphql(CLAIMS_AND_PAYMENTS, variables, selfContext('karen'));
    expect(second).toEqual(first);
    expect(harness.recorded).toEqual([]);
  });

  it('mutation-invalidates-cache: read, apply, read: the second read shows the new application', async () => {
    const before = await harness.graphql(APPLICATIONS, { representations: entities([INGRID]) }, selfContext('ingrid'));
    expect(before.data._entities[0].benefitApplications).toEqual([]);
    const applied = await apply(selfContext('ingrid'), { cpr: INGRID, type: 'STATE_PENSION', text: 'Jeg søger folkepension.' });
    expect(applied.errors).toBeUndefined();
    expect(applied.data.applyForBenefit).toEqual({
      application: {
        id: expect.stringMatching(/^\d+$/),
        type: 'STATE_PENSION',
        receivedOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        status: 'RECEIVED',
        text: 'Jeg søger folkepension.',
        receivedVia: 'DIGITAL',
      },
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
    });
    harness.clearRecorded();
    const after = await harness.graphql(APPLICATIONS, { representations: entities([INGRID]) }, selfContext('ingrid'));
    expect(after.data._entities[0].benefitApplications).toEqual([
      { id: applied.data.applyForBenefit.application.id, type: 'STATE_PENSION', status: 'RECEIVED', receivedVia: 'DIGITAL' },
    ]);
    expect(harness.statements().map((s) => s.name)).toEqual(['applicationsByCpr']);
  });

  it('retry-no-duplicate-filing: the same idempotency key five times at once files one application and answers the same each time', async () => {
    const key = newKey('retry');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => apply(selfContext('karen'), { cpr: KAREN, type: 'CHILD_BENEFIT', text: 'For Freja' }, key)),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    const answers = results.map((r) => r.data.applyForBenefit);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const reference = clientReference('applyForBenefit:persona:karen', key);
    expect((await ansRows(harness, KAREN)).filter((r) => r.ans_ref === reference)).toEqual([
      expect.objectContaining({ ans_id: answers[0].application.id, ans_type: 'B', ans_kanal: 'D' }),
    ]);
    expect(inserts(harness)).toHaveLength(1);
    const filings = (await harness.selfservice.filings()).rows.filter((f) => f.reference === reference);
    expect(filings).toEqual([expect.objectContaining({ service: 'child-benefit', channel: 'DIGITAL_SELF_SERVICE', municipality_code: '0751' })]);
  });

  it('idempotency-key-reused: the same key with a different input is refused and writes nothing', async () => {
    const key = newKey('reused');
    const first = await apply(selfContext('karen'), { cpr: KAREN, type: 'CHILD_BENEFIT', text: 'første' }, key);
    expect(first.errors).toBeUndefined();
    const rowsBefore = await ansRows(harness, KAREN);
    harness.clearRecorded();
    const second = await apply(selfContext('karen'), { cpr: KAREN, type: 'CHILD_BENEFIT', text: 'anden' }, key);
    expect(second.data.applyForBenefit).toBeNull();
    expect(second.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(inserts(harness)).toEqual([]);
    expect(await ansRows(harness, KAREN)).toEqual(rowsBefore);
  });

  it('legacy-write-idempotent-on-its-own: a retry after the idempotency key was lost returns the first application, not a second', async () => {
    const key = newKey('lost-key');
    const first = await apply(selfContext('karen'), { cpr: KAREN, type: 'SICKNESS_BENEFIT' }, key);
    expect(first.errors).toBeUndefined();
    await harness.idempotencySql.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
    const retry = await apply(selfContext('karen'), { cpr: KAREN, type: 'SICKNESS_BENEFIT' }, key);
    expect(retry.data.applyForBenefit).toEqual(first.data.applyForBenefit);
    const reference = clientReference('applyForBenefit:persona:karen', key);
    expect((await ansRows(harness, KAREN)).filter((r) => r.ans_ref === reference)).toHaveLength(1);
  });

  it('assisted-filing-without-exemption: state pension at the counter without an exemption is DIGITAL_SELF_SERVICE_REQUIRED, nothing written', async () => {
    const result = await apply(caseworkerContext('caseworker-aarhus', { citizenId: 'karen' }), { cpr: KAREN, type: 'STATE_PENSION' });
    expect(result.data.applyForBenefit).toBeNull();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'DIGITAL_SELF_SERVICE_REQUIRED', service: 'state-pension', authority: 'udbetaling-danmark' });
    expect(inserts(harness)).toEqual([]);
  });

  it('assisted-filing-without-exemption: an exemption from another municipality does not cover sickness benefit', async () => {
    const serving = { citizenId: 'bent', exemptions: [{ authorities: ['municipality:0751'], reason: 'NO_INTERNET', validTo: null }] };
    const result = await apply(caseworkerContext('caseworker-aarhus', serving), { cpr: BENT, type: 'SICKNESS_BENEFIT' });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'DIGITAL_SELF_SERVICE_REQUIRED', service: 'sickness-benefit', authority: 'municipality:0825' });
    expect(inserts(harness)).toEqual([]);
  });

  it('assisted-filing-with-exemption: Bent, exempt, applies for state pension at the counter; logged, counted as ASSISTED', async () => {
    const before = (await harness.selfservice.accessLog()).rows.length;
    const key = newKey('assisted');
    const result = await apply(
      caseworkerContext('caseworker-aarhus', { citizenId: 'bent', exemptions: EXEMPT_FROM_UDBETALING_DANMARK }),
      { cpr: BENT, type: 'STATE_PENSION' },
      key,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.applyForBenefit).toMatchObject({
      channel: 'ASSISTED',
      exemptionUsed: true,
      application: { type: 'STATE_PENSION', receivedVia: 'ASSISTED' },
    });
    expect((await ansRows(harness, BENT)).filter((r) => r.ans_kanal === 'P')).toHaveLength(1);
    const rows = (await harness.selfservice.accessLog()).rows.slice(before);
    expect(rows).toEqual([expect.objectContaining({ subject_cpr: BENT, actor_role: 'CASEWORKER', domain: 'benefits', operation: 'mutation applyForBenefit' })]);
    const reference = clientReference('applyForBenefit:persona:caseworker-aarhus', key);
    expect((await harness.selfservice.filings()).rows.filter((f) => f.reference === reference)).toEqual([
      expect.objectContaining({ service: 'state-pension', channel: 'ASSISTED', municipality_code: '0825' }),
    ]);
  });

  it("assisted-filing-with-exemption: an exemption covering Bent's municipality lets sickness benefit through", async () => {
    const serving = { citizenId: 'bent', exemptions: [{ authorities: ['municipality:0825'], reason: 'NO_INTERNET', validTo: null }] };
    const result = await apply(caseworkerContext('caseworker-aarhus', serving), { cpr: BENT, type: 'SICKNESS_BENEFIT' });
    expect(result.data.applyForBenefit).toMatchObject({ exemptionUsed: true, channel: 'ASSISTED' });
  });

  it('assisted-filing-of-a-service-not-mandatory-digital: child benefit at the counter needs no exemption', async () => {
    const result = await apply(caseworkerContext('caseworker-aarhus', { citizenId: 'karen' }), { cpr: KAREN, type: 'CHILD_BENEFIT' });
    expect(result.errors).toBeUndefined();
    expect(result.data.applyForBenefit).toMatchObject({ exemptionUsed: false, channel: 'ASSISTED', application: { receivedVia: 'ASSISTED' } });
  });

  it('caseworker-without-scope: a tax caseworker may not file benefits', async () => {
    const result = await apply(caseworkerContext('caseworker-tax', { citizenId: 'bent', exemptions: EXEMPT_FROM_UDBETALING_DANMARK }), {
      cpr: BENT,
      type: 'STATE_PENSION',
    });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(inserts(harness)).toEqual([]);
  });

  it("delegate-files-with-file-grant: Mads files Ingrid's state pension under a grant for that service", async () => {
    const before = (await harness.selfservice.accessLog()).rows.length;
    const key = newKey('delegate');
    const mads = delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['file'], services: ['state-pension'] }]);
    const result = await apply(mads, { cpr: INGRID, type: 'STATE_PENSION' }, key);
    expect(result.errors).toBeUndefined();
    expect(result.data.applyForBenefit).toMatchObject({ channel: 'DELEGATE', exemptionUsed: false, application: { receivedVia: 'DIGITAL' } });
    expect((await harness.selfservice.accessLog()).rows.slice(before)).toEqual([
      expect.objectContaining({ subject_cpr: INGRID, actor_role: 'DELEGATE', operation: 'mutation applyForBenefit' }),
    ]);
    const reference = clientReference('applyForBenefit:persona:mads', key);
    expect((await harness.selfservice.filings()).rows.filter((f) => f.reference === reference)).toEqual([
      expect.objectContaining({ channel: 'DELEGATE', subject_cpr: INGRID }),
    ]);
  });

  it('delegate-without-file-grant-refused: a read-only grant, or a grant for another service, files nothing', async () => {
    const readOnly = await apply(delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['read'] }]), { cpr: INGRID, type: 'STATE_PENSION' });
    expect(readOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherService = await apply(delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['file'], services: ['child-benefit'] }]), {
      cpr: INGRID,
      type: 'STATE_PENSION',
    });
    expect(otherService.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(inserts(harness)).toEqual([]);
  });

  it("other-citizen-forbidden: a citizen cannot apply in another citizen's name", async () => {
    const result = await apply(selfContext('ingrid'), { cpr: KAREN, type: 'CHILD_BENEFIT' });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(inserts(harness)).toEqual([]);
  });

  it('benefit-not-open-to-application: cash assistance is BAD_USER_INPUT', async () => {
    const result = await apply(selfContext('karen'), { cpr: KAREN, type: 'CASH_ASSISTANCE' });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.type' });
    expect(inserts(harness)).toEqual([]);
  });

  it('application-text-too-long: more than ANS_TEKST holds is BAD_USER_INPUT', async () => {
    const result = await apply(selfContext('karen'), { cpr: KAREN, type: 'CHILD_BENEFIT', text: 'x'.repeat(2001) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.text' });
    expect(inserts(harness)).toEqual([]);
  });
});

describe('applyForBenefit with the cache failing', () => {
  let harness: BenefitsTestHarness;
  const warnings: string[] = [];

  beforeAll(async () => {
    const store = new MemoryCacheStore();
    store.del = async () => {
      throw new Error('cache store unreachable');
    };
    const cache = new ReadThroughCache({ store, cipher: CacheCipher.ephemeral(), metrics: new CacheMetrics() });
    const logger: Logger = {
      ...silentLogger,
      warn: (message) => {
        warnings.push(message);
      },
    };
    harness = await startBenefitsForTests({ cache: false, runtime: { cache, logger } });
  });
  afterAll(() => harness.stop());

  it('cache-down-during-invalidation: the application is stored and returned, with a warning logged', async () => {
    const result = await harness.graphql(APPLY, { input: { cpr: KAREN, type: 'CHILD_BENEFIT' }, key: newKey('cache-down') }, selfContext('karen'));
    expect(result.errors).toBeUndefined();
    expect(result.data.applyForBenefit.application.id).toMatch(/^\d+$/);
    expect(await ansRows(harness, KAREN)).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining('cache invalidation failed')]);
  });
});

describe('applyForBenefit with the cache in Redis', () => {
  let harness: BenefitsTestHarness;
  // Redis is shared by every test run: a citizen drawn at random keeps this run's keys its own.
  const people = generatePopulation().people.filter((p) => !PERSONAS.some((persona) => persona.cpr === p.cpr));
  const citizen = people[Math.floor(Math.random() * people.length)].cpr;
  // Serving the citizen (x-act-for): a caseworker reads and files only for the citizen served, or their caseload.
  const caseworker = { ...caseworkerContext('caseworker-aarhus'), actingFor: { cpr: citizen, basis: 'caseworker' as const, grants: [], exemptions: [] } };

  beforeAll(async () => {
    harness = await startBenefitsForTests({ redisUrl: TEST_REDIS_URL });
    // Entries another run of this test left for the same citizen would hide this run's database.
    for (const kind of ['claim', 'application', 'payment-count-by-type']) await harness.runtime.cache!.invalidate('benefits', kind, [citizen]);
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.clearRecorded());

  it('second-query-zero-legacy-calls: the second read is answered from Redis', async () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { benefitClaims { id } benefitApplications { id } } } }`;
    const first = await harness.graphql(query, { representations: entities([citizen]) }, caseworker);
    expect(first.errors).toBeUndefined();
    expect(
      harness
        .statements()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['applicationsByCpr', 'claimsByCpr']);
    harness.clearRecorded();
    expect(await harness.graphql(query, { representations: entities([citizen]) }, caseworker)).toEqual(first);
    expect(harness.recorded).toEqual([]);
  });

  it('mutation-invalidates-cache: the application shows on the next read through Redis', async () => {
    const read = () => harness.graphql(APPLICATIONS, { representations: entities([citizen]) }, caseworker);
    const before = (await read()).data._entities[0].benefitApplications;
    const applied = await harness.graphql(APPLY, { input: { cpr: citizen, type: 'CHILD_BENEFIT' }, key: newKey('redis') }, caseworker);
    expect(applied.errors).toBeUndefined();
    const after = (await read()).data._entities[0].benefitApplications;
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual(expect.objectContaining({ id: applied.data.applyForBenefit.application.id, receivedVia: 'ASSISTED' }));
  });
});
