import { randomBytes, randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { personaCpr } from '../../legacy/population';
import { persistedQuery, rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { RedisCluster, redisBinariesPresent } from '../support/redisCluster';
import { startTestStack, type TestStack } from '../support/testStack';
import { waitFor } from '../support/throwawayRedis';

/**
 * The cache, persisted queries and rate limits on a real Redis Cluster of the test's own: three
 * masters with a replica each on free loopback ports (redis+cluster:// URL, platform/redisClient.ts),
 * and one master killed while reads run.
 */
const present = redisBinariesPresent();
if (!present) console.warn('redis-cluster.test.ts SKIPPED: redis-server and redis-cli are not installed (apt-get install redis-server; .ci/run installs them)');
const describeWithRedis = present ? describe : describe.skip;

const OVERVIEW = `query Overview { me { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { status }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { edges { node { date } } } } }`;
const NAME = '{ me { name { full } } }';
const ANONYMOUS = { query: '{ __typename }' };
const freshKey = () => `t${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;

describeWithRedis('redis cluster: three masters with a replica each, started by the test', () => {
  const cluster = new RedisCluster(3, 1, 1000);
  const prefix = `test:cluster:${randomUUID()}:`;
  let stack: TestStack;
  let admin: Cluster;
  const calls = () => ({ cpr: stack.standIns.cpr.calls().length, tax: stack.standIns.tax.calls().length, housing: stack.standIns.housing.calls().length });
  const resetCalls = () => {
    for (const s of Object.values(stack.standIns)) s.resetCalls();
  };

  beforeAll(async () => {
    await cluster.start();
    stack = await startTestStack({
      cache: { redisUrl: cluster.url, encryptionKeys: freshKey(), redisCommandTimeoutMs: 200 },
      gateway: { redisUrl: cluster.url, redisKeyPrefix: prefix, redisCommandTimeoutMs: 200 },
    });
    admin = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    // The cache's cluster client connects in the background: a repeated read is served from Redis once it has.
    await waitFor(
      async () => {
        await stack.as('ingrid')(NAME);
        resetCalls();
        await stack.as('ingrid')(NAME);
        return calls().cpr === 0;
      },
      15_000,
      'the cache never served from the cluster',
    );
  }, 90_000);

  afterAll(async () => {
    // Each step on its own, so a failure in one still stops the rest.
    admin?.disconnect();
    await stack?.stop().catch(() => undefined);
    await cluster.stop();
  });

  it('redis-cluster-cache: a repeated overview touches no legacy system; entries spread over the masters; a filing invalidates across slots', async () => {
    resetCalls();
    const first = await stack.as('karen')(OVERVIEW);
    expect(first.body.errors).toBeUndefined();
    expect(calls()).toMatchObject({ cpr: 1, tax: 1 });
    resetCalls();
    const second = await stack.as('karen')(OVERVIEW);
    expect(second.body).toEqual(first.body);
    expect(calls()).toEqual({ cpr: 0, tax: 0, housing: 0 });

    // Each (system, kind) is one hash slot; the kinds land on more than one master.
    const masters = (await cluster.topology()).filter((n) => n.role === 'master' && !n.failed);
    const perMaster = await Promise.all(
      masters.map(async (m) => (await cluster.cli(m.port, '--scan', '--pattern', 'cg:*')).trim().split('\n').filter(Boolean).length),
    );
    expect(perMaster.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    // A filing deletes the cached housing entries (several keys of one slot) on the cluster: the next read shows it.
    const query = '{ me { housingBenefitApplications(first: 50) { totalCount } } }';
    const before = (await stack.as('bent')(query)).body.data!.me.housingBenefitApplications.totalCount;
    await stack.as('bent')(query);
    const filed = await stack.as('bent')(
      `mutation { applyForHousingBenefit(input: { cpr: "${personaCpr('bent')}", dwellingType: RENTED_APARTMENT, monthlyRentKroner: "4100.00", areaSquareMetres: 55, residents: 1, annualHouseholdIncomeKroner: "160000" }, idempotencyKey: "bent-cluster-${randomUUID()}") { application { status } } }`,
    );
    expect(filed.body.errors).toBeUndefined();
    expect((await stack.as('bent')(query)).body.data!.me.housingBenefitApplications.totalCount).toBe(before + 1);
  });

  it('redis-cluster-persisted-queries: a query registered through one gateway is found by hash through another, stored in the cluster', async () => {
    const replica = await startGatewayReplica(stack, { redisUrl: cluster.url, redisKeyPrefix: prefix });
    try {
      const query = `query ClusterCatalogue${randomBytes(4).toString('hex')} { serviceCatalogue { version } }`;
      const unknown = await rawRequest(replica.url, { body: persistedQuery(query) });
      expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await rawRequest(stack.gatewayUrl, { body: { query, ...persistedQuery(query) } });
      expect(registered.body.errors).toBeUndefined();
      const key = `${prefix}apq:${persistedQuery(query).extensions.persistedQuery.sha256Hash}`;
      expect(await admin.get(key)).toBe(query);
      const byHash = await rawRequest(replica.url, { body: persistedQuery(query) });
      expect(byHash.status).toBe(200);
      expect(byHash.body.errors).toBeUndefined();
      expect(byHash.body.data).toEqual(registered.body.data);
    } finally {
      await replica.stop();
    }
  });

  it('redis-cluster-rate-limit: an anonymous address is counted across two gateway replicas through the cluster', async () => {
    const limited = { redisUrl: cluster.url, redisKeyPrefix: `${prefix}limited:`, rateLimitRequests: 3, rateLimitWindowMs: 60_000 };
    const a = await startGatewayReplica(stack, limited);
    const b = await startGatewayReplica(stack, limited);
    try {
      expect((await rawRequest(a.url, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(b.url, { body: ANONYMOUS })).status).toBe(200);
      expect((await rawRequest(a.url, { body: ANONYMOUS })).status).toBe(200);
      const fourth = await rawRequest(b.url, { body: ANONYMOUS });
      expect(fourth.status).toBe(429);
      expect(fourth.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      // The counter is one key in the cluster, with the window's expiry.
      const counters: string[] = [];
      for (const node of admin.nodes('master')) counters.push(...(await node.keys(`${prefix}limited:rate:*`)));
      expect(counters.length).toBeGreaterThan(0);
      expect(await admin.pttl(counters[0])).toBeGreaterThan(0);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('redis-cluster-failover: a master killed during reads; every read answers (from the legacy systems meanwhile), and the cache works again after its replica takes over', async () => {
    const personas = ['ingrid', 'karen', 'peter', 'bent'];
    const names = new Map<string, string>();
    for (const p of personas) names.set(p, (await stack.as(p)(NAME)).body.data!.me.name.full);
    // The master holding the register's person entries (one slot: the {cpr:person} hash tag).
    const victim = await cluster.masterOf('cg:v2:{cpr:person}:x');
    resetCalls();

    let reads = 0;
    let killedAt = -1;
    let healthyAt = -1;
    for (let i = 0; i < 120; i += 1) {
      if (i === 5) {
        await cluster.kill(victim);
        killedAt = i;
      }
      const persona = personas[i % personas.length];
      const { status, body } = await stack.as(persona)(NAME);
      reads += 1;
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.me.name.full).toBe(names.get(persona));
      if (killedAt >= 0 && healthyAt < 0 && i % 4 === 0 && (await cluster.healthy())) healthyAt = i;
      if (healthyAt >= 0 && i >= healthyAt + 8) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(killedAt).toBe(5);
    expect(healthyAt).toBeGreaterThan(killedAt);
    // While the slot's master was gone, its entries came from the register instead.
    expect(calls().cpr).toBeGreaterThan(0);
    const promoted = await cluster.masterOf('cg:v2:{cpr:person}:x');
    expect(promoted).not.toBe(victim);

    // Caching again: a repeated read is served from the promoted master, no register call.
    await waitFor(
      async () => {
        await stack.as('peter')(NAME);
        resetCalls();
        await stack.as('peter')(NAME);
        return calls().cpr === 0 && stack.cache!.storeAvailable;
      },
      20_000,
      'the cache did not work again after the failover',
    );
    expect(reads).toBeGreaterThan(killedAt);
  }, 90_000);
});
