import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { accessLogFor, ingridGrantsMadsHousing, inParallel, whileStandInsSlow } from '../support/concurrentRequests';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * Issue #11: identical whole requests in flight at once run once at the gateway and share the
 * answer (gateway/inbound/shareIdenticalRequests.ts): a citizen's repeated reads of their own data
 * and anonymous reads of public data; never a delegate's or caseworker's logged reads, mutations,
 * errors, or two callers' requests. Real HTTP through the whole stack; shared requests counted by the
 * gateway's own metric (gateway_requests_shared_total), subgraph fetches by its fetch metric. The
 * cache is off and the stand-ins answer after 150 ms while requests are sent at once, so they
 * overlap; nothing here asserts a time.
 */
const INGRID = personaCpr('ingrid');
const N = 6;
const LATENCY_MS = 150;

const OVERVIEW = `query Overview { me { cpr name { full } address { street city } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { totalCount } } }`;
const CATALOGUE = 'query Catalogue { services { code nameEn mandatoryDigital delegable } serviceCatalogue { version } }';
const HOUSING = `query Housing($cpr: CPR!) { citizen(cpr: $cpr) { cpr housingBenefit { status } } }`;
const MOVE = `mutation Move($input: ChangeAddressInput!, $key: ID!) { changeAddress(input: $input, idempotencyKey: $key) { reference } }`;

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('inbound sharing of identical requests in flight', () => {
  let stack: TestStack;
  const tokens = new Map<string, string>();

  /** One request, as a persona or anonymous, with our own x-request-id: each answer must carry its own. */
  const send = async (persona: string | undefined, query: string, variables: Record<string, unknown> = {}, actFor?: string) => {
    const requestId = `inbound-${randomUUID()}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
    if (persona) {
      if (!tokens.has(persona)) tokens.set(persona, await stack.tokenFor(persona));
      headers.authorization = `Bearer ${tokens.get(persona)}`;
    }
    if (actFor) headers['x-act-for'] = actFor;
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    return { status: response.status, body: (await response.json()) as Body, requestId };
  };

  const metricTotal = async (name: string, label?: string): Promise<number> => {
    const metric = stack.metrics.gateway.getSingleMetric(name);
    if (!metric) throw new Error(`no metric ${name}`);
    let total = 0;
    for (const value of (await metric.get()).values) {
      if (label && !String((value as { metricName?: string }).metricName).endsWith(label)) continue;
      total += value.value;
    }
    return total;
  };
  const shared = () => metricTotal('gateway_requests_shared_total');
  const fetches = () => metricTotal('gateway_subgraph_fetch_duration_seconds', '_count');
  /** Requests shared and subgraph fetches made while `work` ran. */
  const counted = async <T>(work: () => Promise<T>) => {
    const [sharedBefore, fetchesBefore] = [await shared(), await fetches()];
    const result = await work();
    return { result, shared: (await shared()) - sharedBefore, fetches: (await fetches()) - fetchesBefore };
  };
  const slowly = <T>(work: () => Promise<T>) => whileStandInsSlow(stack, LATENCY_MS, work);
  const at = inParallel;
  const logged = (subject: string, requestIds: string[]) => accessLogFor(stack, subject, requestIds);

  beforeAll(async () => {
    stack = await startTestStack({ cache: false });
    await ingridGrantsMadsHousing(stack, 'inbound-ingrid-mads');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('identical-self-reads-shared-inbound: N identical overviews by one citizen at once share one run; each answer is hers, complete, with its own request id', async () => {
    const alone = await counted(() => send('ingrid', OVERVIEW));
    expect(alone.result.body.errors).toBeUndefined();
    expect(alone.result.body.data!.me).toMatchObject({ cpr: INGRID, name: { full: 'Ingrid Marie Holm' }, housingBenefit: { status: 'GRANTED' } });
    expect(alone.shared).toBe(0);

    const together = await counted(() => slowly(() => at(N, () => send('ingrid', OVERVIEW))));
    for (const { status, body } of together.result) {
      expect(status).toBe(200);
      expect(body).toEqual(alone.result.body);
    }
    expect(new Set(together.result.map((r) => r.requestId)).size).toBe(N);
    expect(together.shared).toBeGreaterThanOrEqual(1);
    expect(together.shared).toBeLessThan(N);
    expect(together.fetches).toBeLessThan(N * alone.fetches);
  });

  it('anonymous-catalogue-shared-inbound: N identical anonymous catalogue requests at once share one run', async () => {
    const together = await counted(() => slowly(() => at(N, () => send(undefined, CATALOGUE))));
    const first = together.result[0].body;
    expect(first.errors).toBeUndefined();
    expect(first.data!.services.length).toBeGreaterThan(0);
    for (const { status, body } of together.result) {
      expect(status).toBe(200);
      expect(body).toEqual(first);
    }
    expect(together.shared).toBeGreaterThanOrEqual(1);
  });

  it("delegate-requests-not-shared-inbound: N identical reads by Mads acting for Ingrid each run and each is in Ingrid's access log", async () => {
    const together = await counted(() => slowly(() => at(N, () => send('mads', HOUSING, { cpr: INGRID }, INGRID))));
    for (const { body } of together.result) expect(body.data!.citizen).toEqual({ cpr: INGRID, housingBenefit: { status: 'GRANTED' } });
    expect(together.shared).toBe(0);
    const requestIds = together.result.map((r) => r.requestId);
    const entries = await logged(INGRID, requestIds);
    for (const requestId of requestIds) expect(entries).toContainEqual(expect.objectContaining({ requestId, actorRole: 'DELEGATE' }));
  });

  it('different-callers-not-shared-inbound: the same overview by different citizens at once: nothing shared, each gets their own data', async () => {
    const citizens = ['ingrid', 'karen', 'peter', 'bent'];
    const together = await counted(() => slowly(() => Promise.all(citizens.map((persona) => send(persona, OVERVIEW)))));
    expect(together.shared).toBe(0);
    for (const [i, { body }] of together.result.entries()) expect(body.data!.me.cpr).toBe(personaCpr(citizens[i]));
  });

  it('mutations-not-shared-inbound: N identical address changes (one idempotency key) at once each run, and the register is written once', async () => {
    const KAREN = personaCpr('karen');
    const input = { cpr: KAREN, street: 'Skovvejen', houseNumber: '14', postalCode: '8000', city: 'Aarhus C', municipalityCode: '0751', movedIn: '2026-11-21' };
    const writesBefore = stack.standIns.cpr.calls().filter((c) => c.operation === 'AddressChange' && c.keys.includes(KAREN)).length;
    const together = await counted(() => slowly(() => at(N, () => send('karen', MOVE, { input, key: 'inbound-karen-move' }))));
    expect(together.shared).toBe(0);
    const references = together.result.map(({ body }) => body.data?.changeAddress?.reference).filter((r) => typeof r === 'string');
    expect(references.length).toBeGreaterThanOrEqual(1);
    expect(new Set(references).size).toBe(1);
    expect(stack.standIns.cpr.calls().filter((c) => c.operation === 'AddressChange' && c.keys.includes(KAREN)).length - writesBefore).toBe(1);
  });

  it('errors-not-shared-inbound: N identical requests that fail each get their own error with their own request id', async () => {
    const together = await counted(() => slowly(() => at(N, () => send('ingrid', HOUSING, { cpr: personaCpr('karen') }))));
    expect(together.shared).toBe(0);
    for (const { body } of together.result) expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
