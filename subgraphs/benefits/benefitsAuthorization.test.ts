import { personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext, testGatewayKeys, withCaseload } from '../../test/support/callerContexts';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller';
import { entities, postGraphQL, startBenefitsForTests, type BenefitsTestHarness } from '../../test/support/benefitsTestSupport';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');

const CITIZEN_QUERY = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen { cpr benefitClaims { id type payments(first: 2) { totalCount } } benefitPayments(first: 3) { totalCount edges { node { id } } } benefitApplications { id } }
  }
}`;

/** Every CPR any benefits statement was sent for. */
function cprsQueried(harness: BenefitsTestHarness): string[] {
  return harness
    .statements()
    .flatMap((s) => s.params.flatMap((p) => (Array.isArray(p) ? p : [p])))
    .filter((v): v is string => typeof v === 'string' && /^\d{10}$/.test(v));
}

describe('benefits subgraph: who may read whose benefits', () => {
  let harness: BenefitsTestHarness;

  beforeAll(async () => {
    harness = await startBenefitsForTests({ cache: false });
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.clearRecorded());

  const accessRows = async () => (await harness.selfservice.accessLog()).rows;

  it('missing-caller-context: a request without the signed context is UNAUTHENTICATED (401) and sends nothing to the database', async () => {
    const result = await harness.graphql(
      `mutation { applyForBenefit(input: { cpr: "${INGRID}", type: STATE_PENSION }, idempotencyKey: "k-missing") { application { id } } }`,
    );
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
    expect(harness.recorded).toEqual([]);
  });

  it('forged-caller-context: a context signed with another key is UNAUTHENTICATED', async () => {
    const otherGateway = await testGatewayKeys(harness.clock, 'benefits');
    const result = await postGraphQL(harness.url, CITIZEN_QUERY, { representations: entities([INGRID]) }, await otherGateway.headersFor(selfContext('ingrid')));
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.recorded).toEqual([]);
  });

  it('expired-caller-context: a context past its expiry is UNAUTHENTICATED', async () => {
    const token = await harness.keys.sign(selfContext('ingrid'), -60);
    const result = await postGraphQL(harness.url, CITIZEN_QUERY, { representations: entities([INGRID]) }, { [CALLER_CONTEXT_HEADER]: token });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.recorded).toEqual([]);
  });

  it('entities-direct-without-context: _entities called straight on the subgraph without a context gets no data', async () => {
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([INGRID]) });
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.recorded).toEqual([]);
  });

  it('citizen-self: a citizen reads their own claims, payments and applications, and nothing is logged', async () => {
    const before = (await accessRows()).length;
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([INGRID]) }, selfContext('ingrid'));
    expect(result.errors).toBeUndefined();
    const [ingrid] = result.data._entities;
    expect(ingrid.benefitClaims).toEqual([{ id: expect.any(String), type: 'STATE_PENSION', payments: { totalCount: expect.any(Number) } }]);
    expect(ingrid.benefitPayments.edges).toHaveLength(3);
    expect(ingrid.benefitApplications).toEqual([]);
    expect((await accessRows()).length).toBe(before);
  });

  it('other-citizen-forbidden: a citizen asking for another citizen via _entities gets null + FORBIDDEN and no statement for that CPR', async () => {
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([KAREN, INGRID]) }, selfContext('ingrid'));
    const [karen, ingrid] = result.data._entities;
    expect(karen).toEqual({ cpr: KAREN, benefitClaims: null, benefitPayments: null, benefitApplications: null });
    expect(ingrid.benefitClaims).toHaveLength(1);
    const forbidden = (result.errors ?? []).filter((e) => e.path?.[1] === 0);
    expect(forbidden.map((e) => e.path?.[2]).sort()).toEqual(['benefitApplications', 'benefitClaims', 'benefitPayments']);
    expect(forbidden.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(result.errors).toHaveLength(3);
    expect(cprsQueried(harness)).not.toContain(KAREN);
    expect(cprsQueried(harness)).toContain(INGRID);
  });

  it('delegate-with-grant: Mads, holding a benefits read grant from Ingrid, reads her benefits and is logged as DELEGATE', async () => {
    const before = (await accessRows()).length;
    const result = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([INGRID]) },
      delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['read'] }]),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].benefitClaims).toHaveLength(1);
    const rows = (await accessRows()).slice(before);
    expect(rows).toEqual([expect.objectContaining({ subject_cpr: INGRID, actor_role: 'DELEGATE', domain: 'benefits' })]);
  });

  it("delegate-without-grant: a power of attorney for housing only does not open Ingrid's benefits", async () => {
    const before = (await accessRows()).length;
    const result = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([INGRID]) },
      delegateContext('mads', 'ingrid', [{ domain: 'housing', actions: ['read', 'file'] }]),
    );
    expect(result.data._entities[0]).toEqual({ cpr: INGRID, benefitClaims: null, benefitPayments: null, benefitApplications: null });
    expect(new Set(result.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    expect(harness.recorded).toEqual([]);
    expect((await accessRows()).length).toBe(before);
  });

  it("delegate-without-grant: a grant from Ingrid does not open Karen's benefits", async () => {
    const result = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([KAREN]) },
      delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['read'] }]),
    );
    expect(result.data._entities[0].benefitClaims).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(cprsQueried(harness)).toEqual([]);
  });

  it('caseworker-own-caseload-reads: Aarhus with benefits:read reads several of its residents in one statement per kind', async () => {
    const result = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([INGRID, KAREN]) },
      withCaseload(caseworkerContext('caseworker-aarhus'), [INGRID, KAREN]),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities.map((c: { benefitClaims: unknown[] }) => c.benefitClaims.length > 0)).toEqual([true, true]);
    expect(harness.statements().filter((s) => s.name === 'claimsByCpr')).toEqual([{ name: 'claimsByCpr', params: [[INGRID, KAREN]] }]);
  });

  it('caseworker-other-municipality-refused: Aarhus gets FORBIDDEN (NOT_IN_CASELOAD) for a Læsø resident it does not serve, and no statement', async () => {
    const bent = personaCpr('bent');
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([bent]) }, withCaseload(caseworkerContext('caseworker-aarhus'), [bent]));
    expect(result.data._entities[0].benefitClaims).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.reason)).toContain('NOT_IN_CASELOAD');
    expect(harness.recorded).toEqual([]);
    const serving = await harness.graphql(CITIZEN_QUERY, { representations: entities([bent]) }, caseworkerContext('caseworker-aarhus', { citizenId: 'bent' }));
    expect(serving.errors).toBeUndefined();
  });

  it('caseworker-without-scope: a tax caseworker gets FORBIDDEN and no statement', async () => {
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([INGRID]) }, caseworkerContext('caseworker-tax'));
    expect(result.data._entities[0].benefitClaims).toBeNull();
    expect(result.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(harness.recorded).toEqual([]);
  });

  it('access-log-written: delegate and caseworker reads leave rows for each citizen read; a self read leaves none', async () => {
    const before = (await accessRows()).length;
    await harness.graphql(CITIZEN_QUERY, { representations: entities([INGRID]) }, selfContext('ingrid'));
    expect((await accessRows()).length).toBe(before);

    const delegate = await harness.graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { benefitClaims { id } } } }`,
      { representations: entities([INGRID]) },
      delegateContext('mads', 'ingrid', [{ domain: 'benefits', actions: ['read'] }]),
    );
    expect(delegate.errors).toBeUndefined();
    const caseworker = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([INGRID, KAREN]) },
      withCaseload(caseworkerContext('caseworker-aarhus'), [INGRID, KAREN]),
    );
    expect(caseworker.errors).toBeUndefined();
    const rows = (await accessRows()).slice(before);
    expect(rows.map((r) => [r.subject_cpr, r.actor_role, r.domain])).toEqual([
      [INGRID, 'DELEGATE', 'benefits'],
      [INGRID, 'CASEWORKER', 'benefits'],
      [KAREN, 'CASEWORKER', 'benefits'],
    ]);
  });
});

describe('benefits subgraph with the access log down', () => {
  let harness: BenefitsTestHarness;

  beforeAll(async () => {
    harness = await startBenefitsForTests({ cache: false });
  });
  afterAll(() => harness.stop());

  it('access-log-down-fails-closed: a caseworker read returns no data, only ACCESS_LOG_UNAVAILABLE', async () => {
    await harness.stopSelfservice();
    const result = await harness.graphql(
      CITIZEN_QUERY,
      { representations: entities([INGRID]) },
      withCaseload(caseworkerContext('caseworker-aarhus'), [INGRID]),
    );
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'ACCESS_LOG_UNAVAILABLE' } })]);
    expect(JSON.stringify(result)).not.toContain('STATE_PENSION');
  });

  it("access-log-down-fails-closed: the citizen's own read needs no log entry and still answers", async () => {
    const result = await harness.graphql(CITIZEN_QUERY, { representations: entities([INGRID]) }, selfContext('ingrid'));
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].benefitClaims).toHaveLength(1);
  });
});
