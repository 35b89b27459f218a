import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { CALLER_CONTEXT_HEADER } from '../../domain';
import { PinnedClock } from '../../platform';
import { personaCpr } from '../../legacy/population';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The review's repro: an attacker inside the network captures a caller context from gateway-to-
 * subgraph traffic and replays it on another subgraph, for another operation, on another request,
 * after the request ended. Each is refused; the same context in its own place still works, so the
 * refusals come from the binding, not from a broken capture.
 */
const INGRID = personaCpr('ingrid');
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { housingBenefit { status } } } }';
const APPLY = `mutation($input: HousingBenefitApplicationInput!, $key: ID!) { applyForHousingBenefit(input: $input, idempotencyKey: $key) { channel } }`;

interface Captured {
  readonly port: string;
  readonly context: string;
  readonly requestId: string;
}

describe('caller-context replay', () => {
  const clock = new PinnedClock('2026-11-26');
  let stack: TestStack;
  const captured: Captured[] = [];
  // The tap sits where the traffic arrives (any HTTP client the gateway uses): what a listener on the wire sees.
  const onRequest = (message: unknown) => {
    const request = (message as { request: IncomingMessage }).request;
    const header = (name: string) => [request.headers[name]].flat()[0];
    const context = header(CALLER_CONTEXT_HEADER);
    if (typeof context === 'string') captured.push({ port: String(header('host')).split(':')[1], context, requestId: String(header('x-request-id')) });
  };

  beforeAll(async () => {
    stack = await startTestStack({ clock });
    diagnostics.subscribe('http.server.request.start', onRequest);
    const { body } = await stack.as('ingrid')('{ me { name { full } housingBenefit { status } } }');
    expect(body.errors).toBeUndefined();
    diagnostics.unsubscribe('http.server.request.start', onRequest);
  }, 60_000);
  afterAll(() => stack?.stop());

  const housingContext = () => {
    const found = captured.find((c) => c.port === String(stack.subgraphs.housing.port));
    if (!found) throw new Error('no context was captured on the way to the housing subgraph');
    return found;
  };
  const post = async (url: string, query: string, variables: Record<string, unknown>, context: string, requestId: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_CONTEXT_HEADER]: context, 'x-request-id': requestId },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
    return { status: response.status, codes: (body.errors ?? []).map((e) => e.extensions.code), data: body.data };
  };
  const representations = { r: [{ __typename: 'Citizen', cpr: INGRID }] };

  it('the captured context works where it was meant to: its subgraph, its request, a query, within its life', async () => {
    const { context, requestId } = housingContext();
    const answer = await post(stack.subgraphs.housing.url, ENTITIES, representations, context, requestId);
    expect(answer).toMatchObject({ status: 200, codes: [] });
  });

  it('context-replayed-on-another-subgraph: the housing context is refused by tax and benefits', async () => {
    const { context, requestId } = housingContext();
    for (const name of ['tax', 'benefits', 'citizen', 'selfservice']) {
      const answer = await post(stack.subgraphs[name].url, '{ __typename }', {}, context, requestId);
      expect([name, answer.status, answer.codes]).toEqual([name, 401, ['UNAUTHENTICATED']]);
    }
  });

  it("context-replayed-for-a-mutation: a query's context cannot file for the citizen, and nothing reaches the legacy system", async () => {
    const { context, requestId } = housingContext();
    const before = stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length;
    const input = {
      cpr: INGRID,
      dwellingType: 'RENTED_APARTMENT',
      monthlyRentKroner: '4500.00',
      areaSquareMetres: 60,
      residents: 1,
      annualHouseholdIncomeKroner: '150000.00',
    };
    const answer = await post(stack.subgraphs.housing.url, APPLY, { input, key: 'replayed-1' }, context, requestId);
    expect(answer.codes).toEqual(['UNAUTHENTICATED']);
    expect(stack.standIns.housing.calls().filter((c) => c.operation === 'IndgivAnsoegning').length).toBe(before);
  });

  it('context-replayed-on-another-request: the same context under another request id is refused', async () => {
    const { context } = housingContext();
    const answer = await post(stack.subgraphs.housing.url, ENTITIES, representations, context, 'attacker-request-1');
    expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
  });

  it('context-replayed-after-the-request: seconds after its request, the context is dead', async () => {
    const { context, requestId } = housingContext();
    const before = clock.now();
    clock.advance(16_000);
    try {
      const answer = await post(stack.subgraphs.housing.url, ENTITIES, representations, context, requestId);
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    } finally {
      clock.set(before);
    }
  });
});

describe('a subgraph refusing the context', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it('refused-context-no-leak: no internal URL, host, port or subgraph body reaches the client', async () => {
    // A replica whose signing key the subgraphs do not trust: every subgraph answers 401.
    const { startGatewayReplica } = await import('../support/edgeGateway');
    const replica = await startGatewayReplica(stack);
    try {
      const token = await stack.tokenFor('ingrid');
      const response = await fetch(replica.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { name { full } housingBenefit { status } } }' }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors.map((e) => e.extensions.code)).toContain('SUBGRAPH_UNAVAILABLE');
      for (const service of Object.values(stack.subgraphs)) {
        expect(text).not.toContain(service.url);
        expect(text).not.toContain(`:${service.port}`);
      }
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|caller context signed by the gateway|"response"/);
    } finally {
      await replica.stop();
    }
  });
});
