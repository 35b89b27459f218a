import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { accessLogFor, ingridGrantsMadsHousing, inParallel, whileStandInsSlow } from '../support/concurrentRequests';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * Issue #11: concurrent identical queries by one citizen reading their own data share their
 * subgraph fetches (gateway/datasources/shareIdenticalFetches.ts); nobody else's do. Real HTTP
 * through the whole stack, subgraph fetches counted by the gateway's own fetch metrics. The cache is
 * off and the register, tax and housing stand-ins answer after 150 ms while requests are sent at
 * once, so the requests' fetches are in flight together; nothing here asserts a time.
 */
const INGRID = personaCpr('ingrid');
const MADS = personaCpr('mads');
const N = 6;
const LATENCY_MS = 150;

const OVERVIEW = `query Overview { me { cpr name { full } address { street city } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { totalCount } } }`;
const HOUSING = `query Housing($cpr: CPR!) { citizen(cpr: $cpr) { cpr housingBenefit { status } } }`;
const MY_POWERS = `query MyPowers { me { delegationsHeld { grantor { cpr name { full } } } } }`;
const MOVE = `mutation Move($input: ChangeAddressInput!, $key: ID!) { changeAddress(input: $input, idempotencyKey: $key) { reference } }`;

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('in-flight sharing of a citizen reading their own data, and of nobody else', () => {
  let stack: TestStack;
  const tokens = new Map<string, string>();

  /** One request as a persona, with our own x-request-id (the gateway echoes it and stamps it on log entries). */
  const send = async (persona: string, query: string, variables: Record<string, unknown> = {}, actFor?: string) => {
    const requestId = `share-${randomUUID()}`;
    if (!tokens.has(persona)) tokens.set(persona, await stack.tokenFor(persona));
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(persona)}`, 'x-request-id': requestId };
    if (actFor) headers['x-act-for'] = actFor;
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    return { status: response.status, body: (await response.json()) as Body, requestId };
  };

  /** Subgraph fetches the gateway made so far, per subgraph (gateway_subgraph_fetch_duration_seconds). */
  const fetches = async (): Promise<Record<string, number>> => {
    const metric = stack.metrics.gateway.getSingleMetric('gateway_subgraph_fetch_duration_seconds');
    const counts: Record<string, number> = {};
    for (const value of (await metric!.get()).values) {
      if (!('metricName' in value) || !String(value.metricName).endsWith('_count')) continue;
      const subgraph = String(value.labels.subgraph);
      counts[subgraph] = (counts[subgraph] ?? 0) + value.value;
    }
    return counts;
  };
  /** Fetches made while `work` ran, per subgraph and in all. */
  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; bySubgraph: Record<string, number>; total: number }> => {
    const before = await fetches();
    const result = await work();
    const after = await fetches();
    const bySubgraph: Record<string, number> = {};
    for (const [subgraph, n] of Object.entries(after)) if (n > (before[subgraph] ?? 0)) bySubgraph[subgraph] = n - (before[subgraph] ?? 0);
    return { result, bySubgraph, total: Object.values(bySubgraph).reduce((a, b) => a + b, 0) };
  };
  const slowly = <T>(work: () => Promise<T>) => whileStandInsSlow(stack, LATENCY_MS, work);
  const at = inParallel;
  const logged = (subject: string, requestIds: string[]) => accessLogFor(stack, subject, requestIds);

  beforeAll(async () => {
    // Whole identical requests are not shared here (that is test/e2e/inbound-sharing.test.ts): every request reaches the fetch-level sharing tested here.
    stack = await startTestStack({ cache: false, gateway: { shareIdenticalRequests: false } });
    await ingridGrantsMadsHousing(stack, 'share-ingrid-mads');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('self-read-identical-fetches-shared: N identical `me` overviews by one citizen at once make fewer subgraph fetches than N alone; every answer is hers and complete', async () => {
    const alone = await counted(() => send('ingrid', OVERVIEW));
    expect(alone.result.body.errors).toBeUndefined();
    expect(alone.result.body.data!.me).toMatchObject({ cpr: INGRID, name: { full: 'Ingrid Marie Holm' }, housingBenefit: { status: 'GRANTED' } });
    expect(alone.total).toBeGreaterThanOrEqual(4);

    const together = await counted(() => slowly(() => at(N, () => send('ingrid', OVERVIEW))));
    for (const { status, body } of together.result) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual(alone.result.body.data);
    }
    expect(together.total).toBeLessThan(N * alone.total);
    // Each subgraph the overview needs was asked at least once, and fewer times than there were requests.
    for (const [subgraph, n] of Object.entries(alone.bySubgraph)) {
      expect(together.bySubgraph[subgraph]).toBeGreaterThanOrEqual(n);
      expect(together.bySubgraph[subgraph]).toBeLessThan(N * n);
    }
  });

  it('self-read-selfservice-shared: her own powers of attorney (selfservice, which logs no one for a self-read) N times at once are shared too', async () => {
    const MINE = 'query Mine { me { cpr delegationsGranted { status holder { cpr } } } }';
    const together = await counted(() => slowly(() => at(N, () => send('ingrid', MINE))));
    for (const { body } of together.result) {
      expect(body.errors).toBeUndefined();
      expect(body.data!.me).toEqual({ cpr: INGRID, delegationsGranted: [{ status: 'ACTIVE', holder: { cpr: MADS } }] });
    }
    expect(together.bySubgraph.selfservice).toBeGreaterThanOrEqual(1);
    expect(together.bySubgraph.selfservice).toBeLessThan(N);
  });

  it("delegate-reads-not-shared: N identical reads by Mads acting for Ingrid each reach the subgraph and each is in Ingrid's access log", async () => {
    const alone = await counted(() => send('mads', HOUSING, { cpr: INGRID }, INGRID));
    expect(alone.result.body.errors).toBeUndefined();
    expect(alone.result.body.data!.citizen.housingBenefit.status).toBe('GRANTED');
    expect(alone.bySubgraph.housing).toBe(1);

    const together = await counted(() => slowly(() => at(N, () => send('mads', HOUSING, { cpr: INGRID }, INGRID))));
    for (const { body } of together.result) {
      expect(body.errors).toBeUndefined();
      expect(body.data!.citizen).toEqual({ cpr: INGRID, housingBenefit: { status: 'GRANTED' } });
    }
    expect(together.bySubgraph).toEqual(Object.fromEntries(Object.entries(alone.bySubgraph).map(([s, n]) => [s, N * n])));
    const requestIds = together.result.map((r) => r.requestId);
    const entries = await logged(INGRID, requestIds);
    for (const requestId of requestIds) {
      expect(entries).toContainEqual(expect.objectContaining({ requestId, actorRole: 'DELEGATE', domain: expect.stringMatching(/^housing$/i) }));
    }
  });

  it("holder-grantor-name-reads-each-logged: Mads reading his grantors' names for himself N times at once: each read is in Ingrid's log with its own request", async () => {
    const together = await slowly(() => at(N, () => send('mads', MY_POWERS)));
    for (const { body } of together) expect(body.data!.me.delegationsHeld).toEqual([{ grantor: { cpr: INGRID, name: { full: 'Ingrid Marie Holm' } } }]);
    const requestIds = together.map((r) => r.requestId);
    const entries = await logged(INGRID, requestIds);
    for (const requestId of requestIds) {
      expect(entries).toContainEqual(expect.objectContaining({ requestId, actorRole: 'DELEGATE', domain: expect.stringMatching(/^citizen$/i) }));
    }
  });

  it('different-citizens-not-shared: the same overview by different citizens at once: each makes its own fetches and gets only their own data', async () => {
    const citizens = ['ingrid', 'karen', 'peter', 'bent'];
    let alone = 0;
    for (const persona of citizens) alone += (await counted(() => send(persona, OVERVIEW))).total;

    const together = await counted(() => slowly(() => Promise.all(citizens.map((persona) => send(persona, OVERVIEW)))));
    expect(together.total).toBe(alone);
    together.result.forEach(({ body }, i) => {
      expect(body.errors).toBeUndefined();
      expect(body.data!.me.cpr).toBe(personaCpr(citizens[i]));
    });
  });

  it('mutations-never-shared: N identical address changes by one citizen at once (one idempotency key) each reach the citizen subgraph', async () => {
    const KAREN = personaCpr('karen');
    const input = { cpr: KAREN, street: 'Skovvejen', houseNumber: '12', postalCode: '8000', city: 'Aarhus C', municipalityCode: '0751', movedIn: '2026-11-20' };
    const together = await counted(() => slowly(() => at(N, () => send('karen', MOVE, { input, key: 'share-karen-move' }))));
    for (const { status } of together.result) expect(status).toBe(200);
    expect(together.result.some(({ body }) => typeof body.data?.changeAddress?.reference === 'string')).toBe(true);
    expect(together.bySubgraph.citizen).toBeGreaterThanOrEqual(N);
  });
});
