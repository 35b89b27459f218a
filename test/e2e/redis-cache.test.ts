import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { personaCpr } from '../../legacy/population';
import { CacheCipher } from '../../platform/cache/CacheCipher';
import { ageOn } from '../../domain/cpr';
import { startTestStack, TEST_REDIS_URL, type TestStack } from '../support/testStack';
import { ThrowawayRedis, waitFor } from '../support/throwawayRedis';

/** Caching and batching through the gateway, on a real Redis. */
const OVERVIEW = `query Overview { me { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { status }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { edges { node { date } } } } }`;
const LIST = `query CaseworkerList($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { full } housingBenefit { status } benefitPayments(first: 3) { edges { node { date } } } } }`;
const freshKey = () => `t${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;

function legacyCounter(stack: TestStack, sql: { n: number }) {
  return {
    reset() {
      for (const s of Object.values(stack.standIns)) s.resetCalls();
      sql.n = 0;
    },
    counts() {
      return {
        cpr: stack.standIns.cpr.calls().length,
        tax: stack.standIns.tax.calls().length,
        housing: stack.standIns.housing.calls().length,
        benefitsSql: sql.n,
      };
    },
  };
}

describe('cache on the shared Redis', () => {
  const sql = { n: 0 };
  // A fresh encryption key per run: entries from earlier runs on the shared Redis are unreadable, so every run starts cold.
  const encryptionKeys = freshKey();
  let stack: TestStack;
  let legacy: ReturnType<typeof legacyCounter>;
  beforeAll(async () => {
    stack = await startTestStack({
      cache: { redisUrl: TEST_REDIS_URL, encryptionKeys },
      onBenefitsQuery: () => {
        sql.n++;
      },
    });
    legacy = legacyCounter(stack, sql);
    await waitFor(() => stack.cache!.storeAvailable, 5000, 'redis did not connect');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('second-identical-query-zero-legacy-calls: a repeated overview touches no legacy system', async () => {
    legacy.reset();
    const first = await stack.as('ingrid')(OVERVIEW);
    expect(first.body.errors).toBeUndefined();
    expect(legacy.counts()).toMatchObject({ cpr: 1, tax: 1 });
    legacy.reset();
    const second = await stack.as('ingrid')(OVERVIEW);
    expect(second.body).toEqual(first.body);
    expect(legacy.counts()).toEqual({ cpr: 0, tax: 0, housing: 0, benefitsSql: 0 });
  });

  it('redis-holds-no-personal-data-in-clear: keys and values carry no CPR number and no readable name', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', 'cg:*', 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(0);
      const values = await redis.mget(...keys);
      const everything = keys.join('\n') + values.join('\n');
      // As a word of its own: base64url key hashes and ciphertexts (from every run on this shared Redis) may hold "Holm" by chance.
      for (const cpr of [personaCpr('ingrid'), '120338']) expect(everything).not.toContain(cpr);
      for (const name of ['Ingrid', 'Holm', 'Åboulevarden']) expect(everything).not.toMatch(new RegExp(`(?<![A-Za-z0-9_-])${name}(?![A-Za-z0-9_-])`));
      // The check itself finds a name in clear JSON, and not inside a base64url string.
      expect('{"lastName":"Holm"}').toMatch(/(?<![A-Za-z0-9_-])Holm(?![A-Za-z0-9_-])/);
      expect('qYB8uprAOfEr3arTilfPMMmHolmRYcYB').not.toMatch(/(?<![A-Za-z0-9_-])Holm(?![A-Za-z0-9_-])/);
    } finally {
      redis.disconnect();
    }
  });

  it("cache-value-bound-to-key: Ingrid's register entry copied onto Karen's key in Redis is not served to Karen; the register is asked again", async () => {
    const NAME = '{ me { name { full } } }';
    const ingrid = await stack.as('ingrid')(NAME);
    const karen = await stack.as('karen')(NAME);
    expect(karen.body.data!.me.name.full).not.toBe(ingrid.body.data!.me.name.full);
    // ReadThroughCache's keys end in the keyed hash of "system|kind|key"; this run's encryption key keys the hash.
    const hashes = CacheCipher.fromConfig(encryptionKeys);
    const redis = new Redis(TEST_REDIS_URL);
    const keyOf = async (cpr: string) => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `cg:*:{cpr:person}:${hashes.hashKeyPart(`cpr|person|${cpr}`)}`, 'COUNT', 10_000);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      expect(found).toHaveLength(1);
      return found[0];
    };
    try {
      const ingridValue = await redis.get(await keyOf(personaCpr('ingrid')));
      await redis.set(await keyOf(personaCpr('karen')), ingridValue!, 'PX', 60_000);
    } finally {
      redis.disconnect();
    }
    const unreadableBefore = stack.cache!.metrics.snapshot().cpr.unreadable;
    legacy.reset();
    const again = await stack.as('karen')(NAME);
    expect(again.body).toEqual(karen.body);
    expect(legacy.counts().cpr).toBe(1);
    expect(stack.cache!.metrics.snapshot().cpr.unreadable).toBeGreaterThan(unreadableBefore);
  });

  it('mutation-visible-on-next-read: a filed application shows in the next read, though the list was cached', async () => {
    const query = '{ me { housingBenefitApplications(first: 50) { totalCount } } }';
    const before = (await stack.as('bent')(query)).body.data!.me.housingBenefitApplications.totalCount;
    await stack.as('bent')(query); // cached now
    const filed = await stack.as('bent')(
      `mutation { applyForHousingBenefit(input: { cpr: "${personaCpr('bent')}", dwellingType: RENTED_APARTMENT, monthlyRentKroner: "4100.00", areaSquareMetres: 55, residents: 1, annualHouseholdIncomeKroner: "160000" }, idempotencyKey: "bent-online-1") { application { status } } }`,
    );
    expect(filed.body.errors).toBeUndefined();
    const after = (await stack.as('bent')(query)).body.data!.me.housingBenefitApplications.totalCount;
    expect(after).toBe(before + 1);
  });

  it('caseworker-list-batching: 10 and 100 citizens cost the same number of calls to each legacy system', async () => {
    // Aarhus residents: the caseworker's caseload (the gateway's caseload lookup is served from the cache the list just filled).
    const adults = stack.population.people.filter((p) => ageOn(p.birthDate, '2026-11-26') >= 18 && p.address.municipalityCode === '0751');
    const run = async (cprs: string[]) => {
      legacy.reset();
      const { body } = await stack.as('caseworker-aarhus')(LIST, { cprs });
      expect(body.errors).toBeUndefined();
      expect(body.data!.citizens).toHaveLength(cprs.length);
      return legacy.counts();
    };
    const ten = await run(adults.slice(200, 210).map((p) => p.cpr));
    const hundred = await run(adults.slice(300, 400).map((p) => p.cpr));
    expect(hundred).toEqual(ten);
    expect(ten.cpr).toBe(1);
    expect(ten.housing).toBe(1);
  });
});

describe("redis-down: a Redis of the test's own stopped and restarted mid-test", () => {
  let redis: ThrowawayRedis;
  let stack: TestStack;
  const sql = { n: 0 };
  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    stack = await startTestStack({
      cache: { redisUrl: redis.url, encryptionKeys: freshKey(), redisCommandTimeoutMs: 200 },
      onBenefitsQuery: () => {
        sql.n++;
      },
    });
    await waitFor(() => stack.cache!.storeAvailable, 5000, 'redis did not connect');
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  it('keeps answering from the legacy systems while Redis is gone, and caches again when it returns', async () => {
    const legacy = legacyCounter(stack, sql);
    const warm = await stack.as('karen')(OVERVIEW);
    expect(warm.body.errors).toBeUndefined();

    await redis.stop();
    legacy.reset();
    const started = Date.now();
    const during = await stack.as('karen')(OVERVIEW);
    expect(during.status).toBe(200);
    expect(during.body).toEqual(warm.body);
    expect(legacy.counts().cpr).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3000);

    await redis.restart();
    await waitFor(
      async () => {
        await stack.as('karen')(OVERVIEW);
        return stack.cache!.storeAvailable;
      },
      10_000,
      'caching did not resume',
    );
    await stack.as('karen')(OVERVIEW); // fills the new, empty Redis
    legacy.reset();
    const after = await stack.as('karen')(OVERVIEW);
    expect(after.body).toEqual(warm.body);
    expect(legacy.counts()).toEqual({ cpr: 0, tax: 0, housing: 0, benefitsSql: 0 });
  }, 30_000);
});

describe('stale-if-error: an expired entry is served when the legacy system is down, and the response says so', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      cache: { redisUrl: TEST_REDIS_URL, encryptionKeys: freshKey(), policies: { default: { ttlMs: 300, staleIfErrorMs: 60_000 } } },
    });
    await waitFor(() => stack.cache!.storeAvailable, 5000, 'redis did not connect');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('tax-down-serves-stale: the assessment arrives with extensions.staleData naming tax and its age', async () => {
    const query = '{ me { preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } } } }';
    const fresh = await stack.as('peter')(query);
    expect(fresh.body.extensions?.staleData).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1100));
    stack.standIns.tax.setFaults({ down: true });
    try {
      const stale = await stack.as('peter')(query);
      expect(stale.body.errors).toBeUndefined();
      expect(stale.body.data).toEqual(fresh.body.data);
      expect(stale.body.extensions?.staleData).toEqual([expect.objectContaining({ legacySystem: 'tax', ageSeconds: expect.any(Number) })]);
      expect(stale.body.extensions!.staleData[0].ageSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      stack.standIns.tax.setFaults({ down: false });
    }
  });
});
