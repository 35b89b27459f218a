import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { readSafelist, sha256Hex } from '../../gateway/persisted/Safelist';
import { personaCpr } from '../../legacy/population';
import { persistedQuery, rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, TEST_REDIS_URL, type TestStack } from '../support/testStack';

const SAFELIST_FILE = path.join(__dirname, '..', '..', 'operations', 'safelist.json');
const INGRID = personaCpr('ingrid');

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

  it('the manifest holds the operations folder: Overview, FamilyTree, CaseworkerList, ApplyForHousingBenefit, each id the sha256 of its body', () => {
    expect(safelist.size).toBe(4);
    const manifest = JSON.parse(require('node:fs').readFileSync(SAFELIST_FILE, 'utf8'));
    expect(manifest.operations.map((o: { name: string }) => o.name)).toEqual(['ApplyForHousingBenefit', 'CaseworkerList', 'FamilyTree', 'Overview']);
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
    const query = `query ApqProbe_${randomUUID().replace(/-/g, '')} { __typename }`;
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
});
