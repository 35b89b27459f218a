import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { personaCpr } from '../../legacy/population';
import { persistedQuery, recordingLogger, rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, type TestStack } from '../support/testStack';
import { ThrowawayRedis } from '../support/throwawayRedis';

const INGRID = personaCpr('ingrid');
/** What current clients send: request errors then keep their 4xx (application/json answers them 200, see graphql-over-http-status). */
const STRICT = { accept: 'application/graphql-response+json' };

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

  it("allows the README's Overview (depth 6): the limits leave room for what frontends ask", async () => {
    const { status, body } = await stack.as('ingrid')(
      `query Payments { citizen(cpr: "${INGRID}") { name { full } benefitPayments(first: 1) { edges { node { amount { kroner } } } } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.citizen.benefitPayments.edges).toHaveLength(1);
  });

  it('deep-query-rejected: deeper than maxDepth is HTTP 400 QUERY_TOO_COMPLEX (limit "depth"), no legacy call', async () => {
    const { status, body } = await stack.as('ingrid')(nested(12), undefined, STRICT);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Query depth limit of 8 exceeded, found 12.',
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }),
      }),
    ]);
    expect(body.data).toBeUndefined();
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('alias-bomb-rejected: more aliases than maxAliases is HTTP 400 QUERY_TOO_COMPLEX (limit "aliases")', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: citizen(cpr: "${INGRID}") { name { full } }`).join(' ');
    const { status, body } = await stack.as('ingrid')(`query Bomb { ${aliases} }`, undefined, STRICT);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    expect(body.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded, found 40/);
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('token-limit: a document of more than maxTokens tokens is HTTP 400 QUERY_TOO_COMPLEX (limit "tokens") before it is parsed whole', async () => {
    const fields = Array.from({ length: 1100 }, () => '__typename').join(' ');
    const { status, body } = await stack.as('ingrid')(`query Long { ${fields} }`, undefined, STRICT);
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
    // A citizen subgraph that answers with an error carrying no code (and an internal address in its message).
    const leaky = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { citizen: null }, errors: [{ message: 'connect ECONNREFUSED 10.0.0.7:5432', path: ['citizen'] }] }));
    });
    await new Promise<void>((resolve) => leaky.listen(0, '127.0.0.1', resolve));
    const logger = recordingLogger();
    const replica = await startGatewayReplica(
      stack,
      {
        subgraphUrls: {
          ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
          citizen: `http://127.0.0.1:${(leaky.address() as AddressInfo).port}/graphql`,
        },
      },
      logger,
    );
    try {
      const { status, body } = await rawRequest(replica.url, {
        headers: { 'x-request-id': 'trace-me-42', authorization: `Bearer ${await stack.tokenFor('ingrid')}` },
        body: { query: `{ citizen(cpr: "${INGRID}") { cpr } }` },
      });
      expect(status).toBe(200);
      const error = body.errors![0];
      expect(error.message).toMatch(/^Internal server error \(error id [a-z0-9]+\)\.$/);
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String), requestId: 'trace-me-42' });
      expect(JSON.stringify(body)).not.toMatch(/stack|10\.0\.0\.7|ECONNREFUSED/);
      const logged = logger.lines.find((l) => l.message === 'masked internal error');
      expect(logged?.fields).toMatchObject({ errorId: error.extensions!.errorId, requestId: 'trace-me-42', message: 'connect ECONNREFUSED 10.0.0.7:5432' });
    } finally {
      await replica.stop();
      await new Promise((resolve) => leaky.close(resolve));
    }
  });

  it("persisted-query-hash-mismatch: a hash that is not the query's is HTTP 400 PERSISTED_QUERY_HASH_MISMATCH (either media type), logged at debug only", async () => {
    const logger = recordingLogger();
    const replica = await startGatewayReplica(stack, {}, logger);
    try {
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const { status, body } = await rawRequest(replica.url, {
          headers: { accept, 'x-request-id': `mismatch-${accept.length}` },
          body: { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
        });
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([
          { message: expect.stringMatching(/is not the SHA-256 of the query sent with it/), extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } },
        ]);
      }
      expect(logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
      // Each request's own debug line ('request served', platform/serveHttp.ts) aside, the refusal is logged at debug only.
      expect(logger.lines.filter((l) => l.level === 'debug' && l.message !== 'request served')).toEqual([
        { level: 'debug', message: 'malformed persisted query extension', fields: { requestId: 'mismatch-16', code: 'PERSISTED_QUERY_HASH_MISMATCH' } },
        { level: 'debug', message: 'malformed persisted query extension', fields: { requestId: 'mismatch-33', code: 'PERSISTED_QUERY_HASH_MISMATCH' } },
      ]);
      // An unknown persisted-query version is the client's mistake too.
      const version = await rawRequest(replica.url, {
        body: { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } },
      });
      expect(version.status).toBe(400);
      expect(version.body.errors).toEqual([{ message: expect.stringMatching(/version 1/), extensions: { code: 'BAD_REQUEST' } }]);
      expect(logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
      // The right hash registers the query, as before.
      const registered = await rawRequest(replica.url, { body: { query: '{ __typename }', ...persistedQuery('{ __typename }') } });
      expect(registered.status).toBe(200);
      expect(registered.body.data).toEqual({ __typename: 'Query' });
    } finally {
      await replica.stop();
    }
  });

  describe('graphql-over-http-status: a request error is 200 as application/json, 4xx as application/graphql-response+json', () => {
    const requestErrors = [
      { kind: 'parse', body: { query: '{ me { cpr }' }, code: 'GRAPHQL_PARSE_FAILED' },
      { kind: 'validation', body: { query: '{ nope }' }, code: 'GRAPHQL_VALIDATION_FAILED' },
      { kind: 'variable coercion (missing)', body: { query: 'query ($cpr: CPR!) { citizen(cpr: $cpr) { cpr } }' }, code: 'BAD_USER_INPUT' },
      {
        kind: 'variable coercion (wrong value)',
        body: { query: 'query ($cpr: CPR!) { citizen(cpr: $cpr) { cpr } }', variables: { cpr: '3102381234' } },
        code: 'BAD_USER_INPUT',
      },
      { kind: 'limit', body: { query: nested(12) }, code: 'QUERY_TOO_COMPLEX' },
      {
        kind: 'operation resolution',
        body: { query: 'query A { __typename } query B { __typename }', operationName: 'C' },
        code: 'OPERATION_RESOLUTION_FAILURE',
      },
    ];
    it.each(requestErrors)('$kind', async ({ body: request, code }) => {
      const authorization = `Bearer ${await stack.tokenFor('ingrid')}`;
      for (const [accept, status, contentType] of [
        ['application/json', 200, 'application/json; charset=utf-8'],
        ['*/*', 200, 'application/json; charset=utf-8'],
        ['application/graphql-response+json', 400, 'application/graphql-response+json; charset=utf-8'],
        ['application/graphql-response+json, application/json;q=0.9', 400, 'application/graphql-response+json; charset=utf-8'],
      ] as const) {
        const response = await rawRequest(stack.gatewayUrl, { headers: { accept, authorization }, body: request });
        expect({ accept, status: response.status, contentType: response.headers.get('content-type') }).toEqual({ accept, status, contentType });
        expect(response.body.data).toBeUndefined();
        expect(response.body.errors?.[0].extensions?.code).toBe(code);
      }
    });

    it('policy refusals keep their status whatever the media type: no token is 401', async () => {
      const { status, body } = await rawRequest(stack.gatewayUrl, {
        headers: { accept: 'application/json' },
        body: { query: `{ citizen(cpr: "${INGRID}") { cpr } }` },
      });
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  it('validation-errors-capped: one document gets at most 10 validation errors, and one more saying the rest were cut', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `nope${i}`).join(' ');
    const { body } = await stack.as('ingrid')(`{ ${fields} }`);
    expect(body.errors).toHaveLength(11);
    expect(body.errors!.slice(0, 10).every((e) => /^Cannot query field "nope\d+"/.test(e.message))).toBe(true);
    expect(body.errors![10]).toMatchObject({
      message: 'Too many validation errors, error limit reached. Validation aborted.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('production-edge: introspection off and field suggestions hidden when configured so', async () => {
    const replica = await startGatewayReplica(stack, { introspection: false, hideFieldSuggestions: true });
    const open = await startGatewayReplica(stack, {});
    try {
      const introspection = await rawRequest(replica.url, { headers: STRICT, body: { query: '{ __schema { queryType { name } } }' } });
      expect(introspection.status).toBe(400);
      expect(introspection.body.errors?.[0].message).toMatch(/introspection is not allowed/i);

      const typo = '{ citizn(cpr: "1203382258") { cpr } }';
      const hidden = await rawRequest(replica.url, { headers: STRICT, body: { query: typo } });
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
      await expect(
        fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
      ).rejects.toThrow();
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
