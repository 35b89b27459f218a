import { randomUUID } from 'node:crypto';
import type { IdentityOptions } from '../../gateway/identity/createGatewayContext';
import { createTokenVerifier } from '../../gateway/identity/verifyAccessToken';
import { personaCpr } from '../../legacy/population';
import { generateContextKeys } from '../../domain';
import { rawRequest, recordingLogger, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, TEST_REDIS_URL, type TestStack } from '../support/testStack';
import { ThrowawayRedis } from '../support/throwawayRedis';

const INGRID = personaCpr('ingrid');
const NAME = 'query Name($cpr: CPR!) { citizen(cpr: $cpr) { name { full } } }';
const ANONYMOUS = { query: '{ __typename }' };

describe('per-client rate limit, shared through Redis', () => {
  let stack: TestStack;
  const prefix = `test:rate:${randomUUID()}:`;
  beforeAll(async () => {
    stack = await startTestStack({ gateway: { redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix, rateLimitRequests: 3, rateLimitWindowMs: 60_000 } });
  }, 60_000);
  afterAll(() => stack?.stop());

  it('rate-limited: the 4th request in a window from one signed-in citizen is HTTP 429 RATE_LIMITED with Retry-After; other citizens are unaffected', async () => {
    for (let i = 0; i < 3; i += 1) {
      const { status, body } = await stack.as('ingrid')(NAME, { cpr: INGRID });
      expect(status).toBe(200);
      expect(body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
    }
    const token = await stack.tokenFor('ingrid');
    const limited = await rawRequest(stack.gatewayUrl, { headers: { authorization: `Bearer ${token}` }, body: { query: NAME, variables: { cpr: INGRID } } });
    expect(limited.status).toBe(429);
    expect(limited.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }) }),
    ]);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body.data).toBeUndefined();

    // Counted by token subject, not by address: Karen, from the same address, still gets through.
    const karen = await stack.as('karen')(NAME, { cpr: personaCpr('karen') });
    expect(karen.status).toBe(200);
  });

  it('anonymous clients are counted by address, and the count holds across gateway replicas on the same Redis', async () => {
    const replica = await startGatewayReplica(stack, { redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix, rateLimitRequests: 3, rateLimitWindowMs: 60_000 });
    try {
      expect((await rawRequest(stack.gatewayUrl, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(replica.url, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(stack.gatewayUrl, { body: ANONYMOUS })).status).toBe(200);
      const fourth = await rawRequest(replica.url, { body: ANONYMOUS });
      expect(fourth.status).toBe(429);
      expect(fourth.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await replica.stop();
    }
  });

  it('a request with an invalid token counts against its address too', async () => {
    const replica = await startGatewayReplica(stack, { redisUrl: TEST_REDIS_URL, redisKeyPrefix: `${prefix}bad-token:`, rateLimitRequests: 2 });
    try {
      const bad = { headers: { authorization: 'Bearer not.a.token' }, body: ANONYMOUS };
      expect((await rawRequest(replica.url, bad)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await rawRequest(replica.url, bad)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const third = await rawRequest(replica.url, bad);
      expect(third.status).toBe(429);
    } finally {
      await replica.stop();
    }
  });
});

describe('rate limiting without Redis, and when Redis fails', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  /** The stack's token verifier and a stand-in acting directory, each call counted. */
  async function countedIdentity(): Promise<{ identity: IdentityOptions; calls: { verifyToken: number; directory: number } }> {
    const calls = { verifyToken: 0, directory: 0 };
    const verify = createTokenVerifier({
      jwks: stack.devIssuer.jwks,
      issuer: stack.devIssuer.issuer,
      audience: stack.devIssuer.audience,
      algorithms: ['ES256'],
      clock: stack.clock,
    });
    const keys = await generateContextKeys();
    const identity: IdentityOptions = {
      verifyToken: (bearer) => {
        calls.verifyToken += 1;
        return verify(bearer);
      },
      directory: {
        actingContext: async () => {
          calls.directory += 1;
          return { delegations: [], exemptions: [] };
        },
        registerFacts: async () => {
          calls.directory += 1;
          return null;
        },
        domainOfService: () => undefined,
      },
      signingKey: keys.privateKey!,
      clock: stack.clock,
    };
    return { identity, calls };
  }

  it('rate-limit-before-work: a throttled token gets 429 RATE_LIMITED before it is verified again or the acting directory is asked', async () => {
    const { identity, calls } = await countedIdentity();
    const replica = await startGatewayReplica(stack, { identity, rateLimitRequests: 2, rateLimitWindowMs: 60_000 });
    try {
      // A caseworker serving Ingrid: each request that runs verifies the token and asks the directory twice (her exemptions and her register facts).
      const serving = {
        headers: { authorization: `Bearer ${await stack.tokenFor('caseworker-aarhus')}`, 'x-act-for': INGRID },
        body: ANONYMOUS,
      };
      expect((await rawRequest(replica.url, serving)).status).toBe(200);
      expect((await rawRequest(replica.url, serving)).status).toBe(200);
      expect(calls).toEqual({ verifyToken: 2, directory: 4 });
      const throttled = await rawRequest(replica.url, serving);
      expect(throttled.status).toBe(429);
      expect(throttled.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(calls).toEqual({ verifyToken: 2, directory: 4 });
    } finally {
      await replica.stop();
    }
  });

  it('rate-limit-before-work: an address sending a new token each time is throttled by address, before any of them is verified', async () => {
    const { identity, calls } = await countedIdentity();
    const replica = await startGatewayReplica(stack, { identity, rateLimitRequests: 100, rateLimitAddressRequests: 3, rateLimitWindowMs: 60_000 });
    try {
      const withToken = () => ({ headers: { authorization: `Bearer forged.${randomUUID()}.token` }, body: ANONYMOUS });
      for (let i = 0; i < 3; i += 1) expect((await rawRequest(replica.url, withToken())).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(calls.verifyToken).toBe(3);
      const throttled = await rawRequest(replica.url, withToken());
      expect(throttled.status).toBe(429);
      expect(throttled.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(calls).toEqual({ verifyToken: 3, directory: 0 });
    } finally {
      await replica.stop();
    }
  });

  it("without a Redis URL the limit holds in the gateway's memory", async () => {
    const replica = await startGatewayReplica(stack, { rateLimitRequests: 2, rateLimitWindowMs: 60_000 });
    try {
      expect((await rawRequest(replica.url, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(replica.url, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(replica.url, { body: ANONYMOUS })).status).toBe(429);
    } finally {
      await replica.stop();
    }
  });

  it('redis-down: rate limiting fails open (requests are served), logged once per outage, and applies again when Redis returns', async () => {
    const redis = await ThrowawayRedis.start();
    const logger = recordingLogger();
    const replica = await startGatewayReplica(
      stack,
      { redisUrl: redis.url, rateLimitRequests: 2, rateLimitWindowMs: 60_000, redisCommandTimeoutMs: 200 },
      logger,
    );
    try {
      await redis.stop();
      for (let i = 0; i < 5; i += 1) expect((await rawRequest(replica.url, { body: ANONYMOUS })).status).toBe(200);
      const warnings = logger.lines.filter((l) => l.message.startsWith('rate-limit store unavailable'));
      expect(warnings).toHaveLength(1);

      await redis.restart();
      let limited = false;
      for (let i = 0; i < 40 && !limited; i += 1) {
        limited = (await rawRequest(replica.url, { body: ANONYMOUS })).status === 429;
        if (!limited) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(limited).toBe(true);
      expect(logger.lines.some((l) => l.message === 'rate-limit store available again')).toBe(true);
    } finally {
      await replica.stop();
      await redis.stop();
    }
  }, 30_000);
});
