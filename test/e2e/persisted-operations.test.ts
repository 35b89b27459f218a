import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { readSafelist, sha256Hex } from '../../gateway/persisted/Safelist';
import { personaCpr } from '../../legacy/population';
import { persistedQuery, rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, TEST_REDIS_URL, type TestStack } from '../support/testStack';

const SAFELIST_FILE = path.join(__dirname, '..', '..', 'operations', 'safelist.json');
const INGRID = personaCpr('ingrid');

/** A unique operation name without digits: a random hex run of ten digits looks like a CPR number and is (rightly) refused. */
const uniqueName = () =>
  randomUUID()
    .replace(/-/g, '')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]);

describe('safelist mode: only registered operations run', () => {
  const safelist = readSafelist(SAFELIST_FILE);
  const overview = JSON.parse(require('node:fs').readFileSync(SAFELIST_FILE, 'utf8')).operations.find((o: { name: string }) => o.name === 'Overview');
  let stack: TestStack;
  let auth: Record<string, string>;
  beforeAll(async () => {
    stack = await startTestStack({ gateway: { safelist } });
    auth = { authorization: `Bearer ${await stack.tokenFor('ingrid')}` };
  }, 60_000);
  afterAll(() => stack?.stop());

  it('a registered operation runs by its hash alone (the manifest is the persisted-query store)', async () => {
    const { status, body } = await rawRequest(stack.gatewayUrl, {
      headers: auth,
      body: { operationName: 'Overview', variables: { cpr: INGRID, year: 2026 }, ...persistedQuery(overview.body) },
    });
    expect(status).toBe(200);
    expect(body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
  });

  it('a registered operation also runs when sent as its registered text', async () => {
    const { status, body } = await stack.as('ingrid')(overview.body, { cpr: INGRID, year: 2026 });
    expect(status).toBe(200);
    expect(body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
  });

  it('safelist-unknown-operation-rejected: any other document is HTTP 400 PERSISTED_QUERY_NOT_IN_SAFELIST, and nothing reaches a legacy system', async () => {
    stack.standIns.cpr.resetCalls();
    const { status, body } = await stack.as('ingrid')(`query Snoop { citizen(cpr: "${INGRID}") { name { full } } }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_SAFELIST' } })]);
    expect(body.data).toBeUndefined();
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('an unknown operation cannot be registered as an automatic persisted query either', async () => {
    const query = 'query Sneaky { __typename }';
    const register = await rawRequest(stack.gatewayUrl, { body: { query, ...persistedQuery(query) } });
    expect(register.status).toBe(400);
    expect(register.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
    const byHash = await rawRequest(stack.gatewayUrl, { body: persistedQuery(query) });
    expect(byHash.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('the manifest holds the operations folder: Overview, FamilyTree, CaseworkerList, ApplyForHousingBenefit, ApplyForDaycarePlace, each id the sha256 of its body', () => {
    expect(safelist.size).toBe(5);
    const manifest = JSON.parse(require('node:fs').readFileSync(SAFELIST_FILE, 'utf8'));
    expect(manifest.operations.map((o: { name: string }) => o.name)).toEqual([
      'ApplyForDaycarePlace',
      'ApplyForHousingBenefit',
      'CaseworkerList',
      'FamilyTree',
      'Overview',
    ]);
    for (const operation of manifest.operations) expect(operation.id).toBe(sha256Hex(operation.body));
  });
});

describe('automatic persisted queries shared through Redis', () => {
  let stack: TestStack;
  const prefix = `test:apq:${randomUUID()}:`;
  beforeAll(async () => {
    stack = await startTestStack({ gateway: { redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix } });
  }, 60_000);
  afterAll(() => stack?.stop());

  it('apq-shared-across-gateways: a query registered through one gateway runs by hash through another on the same Redis', async () => {
    const replica = await startGatewayReplica(stack, { redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix });
    const loner = await startGatewayReplica(stack, {});
    const query = `query ApqProbe_${uniqueName()} { __typename }`;
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const unknown = await rawRequest(replica.url, { body: persistedQuery(query) });
      expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const registered = await rawRequest(stack.gatewayUrl, { body: { query, ...persistedQuery(query) } });
      expect(registered.status).toBe(200);
      expect(registered.body.data).toEqual({ __typename: 'Query' });
      expect(await redis.get(`${prefix}apq:${sha256Hex(query)}`)).toBe(query);
      expect(await redis.ttl(`${prefix}apq:${sha256Hex(query)}`)).toBeGreaterThan(3600);

      const byHash = await rawRequest(replica.url, { body: persistedQuery(query) });
      expect(byHash.status).toBe(200);
      expect(byHash.body).toEqual({ data: { __typename: 'Query' } });

      // A gateway without the shared Redis has only its own memory: the control.
      const elsewhere = await rawRequest(loner.url, { body: persistedQuery(query) });
      expect(elsewhere.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await redis.del(`${prefix}apq:${sha256Hex(query)}`);
      redis.disconnect();
      await replica.stop();
      await loner.stop();
    }
  });

  it('apq-no-personal-data: an operation with a CPR number in its text is refused registration (HTTP 400 PERSISTED_QUERY_PERSONAL_DATA), and no CPR reaches Redis', async () => {
    const auth = { authorization: `Bearer ${await stack.tokenFor('ingrid')}` };
    const hyphenated = `${INGRID.slice(0, 6)}-${INGRID.slice(6)}`;
    const written = [
      `query Literal { citizen(cpr: "${INGRID}") { name { full } } }`,
      `query Hyphenated { citizen(cpr: "${hyphenated}") { name { full } } }`,
      // \u0031 is "1": the stored text would hide the number from a plain search, yet it is the number.
      `query Escaped { citizen(cpr: "\\u003${INGRID[0]}${INGRID.slice(1)}") { name { full } } }`,
      `query Commented { # looking up ${INGRID}\n me { name { full } } }`,
    ];
    const asVariable = `query ByVariable_${uniqueName()}($cpr: CPR!) { citizen(cpr: $cpr) { name { full } } }`;
    const redis = new Redis(TEST_REDIS_URL);
    try {
      for (const query of written) {
        const refused = await rawRequest(stack.gatewayUrl, { headers: auth, body: { query, ...persistedQuery(query) } });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_PERSONAL_DATA' } })]);
        expect(refused.body.errors![0].message).toMatch(/as a variable/);
        expect(refused.body.errors![0].message).not.toContain(INGRID);
        expect(refused.body.data).toBeUndefined();
        const byHash = await rawRequest(stack.gatewayUrl, { headers: auth, body: persistedQuery(query) });
        expect(byHash.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      }

      // The control: the same lookup with the number as a variable registers, and runs by hash.
      const registered = await rawRequest(stack.gatewayUrl, {
        headers: auth,
        body: { query: asVariable, variables: { cpr: INGRID }, ...persistedQuery(asVariable) },
      });
      expect(registered.status).toBe(200);
      expect(registered.body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
      const byHash = await rawRequest(stack.gatewayUrl, { headers: auth, body: { variables: { cpr: INGRID }, ...persistedQuery(asVariable) } });
      expect(byHash.body.data!.citizen.name.full).toBe('Ingrid Marie Holm');

      const keys = await keysUnder(redis, prefix);
      expect(keys).toContain(`${prefix}apq:${sha256Hex(asVariable)}`);
      const values = (await redis.mget(...keys)).join('\n');
      for (const cpr of [INGRID, hyphenated, INGRID.slice(1)]) expect(keys.join('\n') + values).not.toContain(cpr);
      // Only the stored query texts: a key's SHA-256 hex can hold ten digits in a row by chance.
      expect(values).not.toMatch(/(?<!\d)\d{6}-?\d{4}(?!\d)/);
    } finally {
      await redis.del(`${prefix}apq:${sha256Hex(asVariable)}`);
      redis.disconnect();
    }
  });
});

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
