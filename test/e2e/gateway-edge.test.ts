import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { personaCpr } from '../../legacy/population';
import { recordingLogger, rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, type TestStack } from '../support/testStack';
import { ThrowawayRedis } from '../support/throwawayRedis';

const INGRID = personaCpr('ingrid');

/** A query `levels` selections deep: citizen { children { children { ... { cpr } } } }. */
function nested(levels: number): string {
  let selection = 'cpr';
  for (let i = 0; i < levels - 2; i += 1) selection = `children { ${selection} }`;
  return `query Deep { citizen(cpr: "${INGRID}") { ${selection} } }`;
}

describe('the gateway edge: what is refused before any subgraph is asked', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ gateway: { maxDepth: 8, maxAliases: 15, maxTokens: 1000, maxBodyBytes: 20_000 } });
  }, 60_000);
  afterAll(() => stack?.stop());
  beforeEach(() => stack.standIns.cpr.resetCalls());

  it('allows the README\'s Overview (depth 6): the limits leave room for what frontends ask', async () => {
    const { status, body } = await stack.as('ingrid')(`query Payments { citizen(cpr: "${INGRID}") { name { full } benefitPayments(first: 1) { edges { node { amount { kroner } } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.citizen.benefitPayments.edges).toHaveLength(1);
  });

  it('deep-query-rejected: deeper than maxDepth is HTTP 400 QUERY_TOO_COMPLEX (limit "depth"), no legacy call', async () => {
    const { status, body } = await stack.as('ingrid')(nested(12));
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({
      message: 'Query depth limit of 8 exceeded, found 12.',
      extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }),
    })]);
    expect(body.data).toBeUndefined();
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('alias-bomb-rejected: more aliases than maxAliases is HTTP 400 QUERY_TOO_COMPLEX (limit "aliases")', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: citizen(cpr: "${INGRID}") { name { full } }`).join(' ');
    const { status, body } = await stack.as('ingrid')(`query Bomb { ${aliases} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    expect(body.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded, found 40/);
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('token-limit: a document of more than maxTokens tokens is HTTP 400 QUERY_TOO_COMPLEX (limit "tokens") before it is parsed whole', async () => {
    const fields = Array.from({ length: 1100 }, () => '__typename').join(' ');
    const { status, body } = await stack.as('ingrid')(`query Long { ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Token limit of 1000 exceeded.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' } }]);
  });

  it('oversized-body-rejected: a body over maxBodyBytes is HTTP 413 PAYLOAD_TOO_LARGE', async () => {
    const padding = 'x'.repeat(25_000);
    const { status, body } = await rawRequest(stack.gatewayUrl, { body: { query: '{ __typename }', variables: { padding } } });
    expect(status).toBe(413);
    expect(body.errors?.[0]).toMatchObject({ message: 'Request body is larger than 20000 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('csrf-simple-request-rejected: a GET without a preflight header, and a text/plain POST, are HTTP 400; with the header the GET runs', async () => {
    const query = encodeURIComponent('{ __typename }');
    const simpleGet = await rawRequest(`${stack.gatewayUrl}?query=${query}`, { method: 'GET' });
    expect(simpleGet.status).toBe(400);
    expect(simpleGet.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(simpleGet.body.errors?.[0].message).toMatch(/Cross-Site Request Forgery/);

    const textPost = await rawRequest(stack.gatewayUrl, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(textPost.status).toBe(400);
    expect(textPost.body.errors?.[0].message).toMatch(/Cross-Site Request Forgery/);

    const preflighted = await rawRequest(`${stack.gatewayUrl}?query=${query}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body.data).toEqual({ __typename: 'Query' });
  });

  it('malformed-json: a body that is not JSON is HTTP 400 BAD_REQUEST, with the request id', async () => {
    const { status, body } = await rawRequest(stack.gatewayUrl, { headers: { 'x-request-id': 'malformed-1' }, body: '{"query": "{ __typename }"' });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', requestId: 'malformed-1' } }]);
  });

  it('batched-requests-off: a JSON array of operations is HTTP 400 unless allowBatchedHttpRequests', async () => {
    const { status, body } = await rawRequest(stack.gatewayUrl, { body: [{ query: '{ __typename }' }, { query: '{ __typename }' }] });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/batching/i);
  });

  it('masked-error-carries-request-id: an error without a client-safe code is masked, with errorId and requestId, and logged with both', async () => {
    const logger = recordingLogger();
    const replica = await startGatewayReplica(stack, {}, logger);
    try {
      // Apollo Server answers a hash that does not match the query with an error that has no code: masked.
      const { status, body } = await rawRequest(replica.url, {
        headers: { 'x-request-id': 'trace-me-42' },
        body: { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
      });
      expect(status).toBe(400);
      const error = body.errors![0];
      expect(error.message).toMatch(/^Internal server error \(error id [a-z0-9]+\)\.$/);
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String), requestId: 'trace-me-42' });
      expect(JSON.stringify(body)).not.toMatch(/stack|sha does not match/);
      const logged = logger.lines.find((l) => l.message === 'masked internal error');
      expect(logged?.fields).toMatchObject({ errorId: error.extensions!.errorId, requestId: 'trace-me-42', message: 'provided sha does not match query' });
    } finally {
      await replica.stop();
    }
  });

  it('production-edge: introspection off and field suggestions hidden when configured so', async () => {
    const replica = await startGatewayReplica(stack, { introspection: false, hideFieldSuggestions: true });
    const open = await startGatewayReplica(stack, {});
    try {
      const introspection = await rawRequest(replica.url, { body: { query: '{ __schema { queryType { name } } }' } });
      expect(introspection.status).toBe(400);
      expect(introspection.body.errors?.[0].message).toMatch(/introspection is not allowed/i);

      const typo = '{ citizn(cpr: "1203382258") { cpr } }';
      const hidden = await rawRequest(replica.url, { body: { query: typo } });
      expect(hidden.status).toBe(400);
      expect(hidden.body.errors?.[0].message).toMatch(/Cannot query field "citizn"/);
      expect(hidden.body.errors?.[0].message).not.toMatch(/Did you mean/);

      // The same typo on a development gateway gets the suggestion: the masking is what differs.
      const suggested = await rawRequest(open.url, { body: { query: typo } });
      expect(suggested.body.errors?.[0].message).toMatch(/Did you mean "citizen/);
    } finally {
      await replica.stop();
      await open.stop();
    }
  });
});

describe('graceful shutdown', () => {
  let stack: TestStack;
  let redis: ThrowawayRedis;
  let slowSubgraph: http.Server;
  beforeAll(async () => {
    stack = await startTestStack({ cache: false });
    redis = await ThrowawayRedis.start();
    // A citizen subgraph that takes 600 ms: the request in flight while the gateway stops.
    slowSubgraph = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { citizen: { cpr: INGRID } } }));
      }, 600);
    });
    await new Promise<void>((resolve) => slowSubgraph.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => slowSubgraph?.close(resolve));
    await redis?.stop();
    await stack?.stop();
  });

  it('graceful-shutdown: a request in flight when stop() is called finishes with its data; then connections are refused and Redis is closed', async () => {
    const slowUrl = `http://127.0.0.1:${(slowSubgraph.address() as AddressInfo).port}/graphql`;
    const replica = await startGatewayReplica(stack, {
      subgraphUrls: { ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])), citizen: slowUrl },
      redisUrl: redis.url,
      shutdownGraceMs: 5000,
    });
    const inspector = new Redis(redis.url);
    try {
      expect(await connectedClients(inspector)).toBe(2); // the gateway's and ours
      const token = await stack.tokenFor('ingrid');
      const inFlight = rawRequest(replica.url, { headers: { authorization: `Bearer ${token}` }, body: { query: `{ citizen(cpr: "${INGRID}") { cpr } }` } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopped = replica.stop();
      const { status, body } = await inFlight;
      expect(status).toBe(200);
      expect(body.data).toEqual({ citizen: { cpr: INGRID } });
      await stopped;
      await expect(fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toThrow();
      expect(await connectedClients(inspector)).toBe(1);
    } finally {
      inspector.disconnect();
    }
  }, 30_000);
});

async function connectedClients(redis: Redis): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  return list.trim().split('\n').filter(Boolean).length;
}
