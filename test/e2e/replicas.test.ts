import { randomBytes, randomUUID } from 'node:crypto';
import { ageOn } from '../../domain/cpr';
import { PERSONAS } from '../../legacy/population';
import type { RunningService } from '../../subgraphs/kit';
import { type ForwardingProxy, forwardingProxy, startFullGatewayReplica, spawnSubgraphReplica, type SubgraphReplicaProcess } from '../support/replicas';
import { E2E_TODAY, graphqlCaller, type GraphQLResponse, startTestStack, TEST_DATABASE_URL, TEST_REDIS_URL, type TestStack } from '../support/testStack';
import { waitFor } from '../support/throwawayRedis';

/**
 * Two gateway replicas and two replicas of the citizen subgraph on one Redis and one PostgreSQL:
 *   gateway A (the stack's) -> citizen replica 1 (the stack's, in this process)
 *   gateway B (startFullGatewayReplica) -> citizen replica 2 (its own process, SIGKILLed in the last test;
 *     it reaches the register through a forwarding proxy that shows when its writes are in flight)
 * Both gateways sign with the same key and share the other subgraphs; both citizen replicas share
 * the cache (same Redis, same encryption key) and the idempotency keys (same store schema).
 */
const NAME = 'query Name { me { name { full } } }';
const ADDRESS = 'query Address { me { address { street houseNumber postalCode city } } }';
const MOVE = `mutation Move($input: ChangeAddressInput!, $key: ID!) { changeAddress(input: $input, idempotencyKey: $key) { reference channel address { street houseNumber } } }`;
const CHANGE_OF_ADDRESS = 'change-of-address';

describe('replicas: two gateways and two citizen subgraphs sharing Redis and PostgreSQL', () => {
  const encryptionKeys = `r${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;
  const cache = { redisUrl: TEST_REDIS_URL, encryptionKeys, redisCommandTimeoutMs: 250 };
  let stack: TestStack;
  let citizen2: SubgraphReplicaProcess | undefined;
  let gatewayB: RunningService | undefined;
  let registerProxy: ForwardingProxy | undefined;
  /** Told of every request replica 2 sends the register. */
  let onRegisterRequest: (path: string) => void = () => {};
  const extra: RunningService[] = [];
  let adults: string[] = [];
  let nextAdult = 0;
  const tokens = new Map<string, string>();

  const tokenFor = async (cpr: string) => {
    if (!tokens.has(cpr))
      tokens.set(cpr, await stack.devIssuer.mint({ id: `replica-${cpr}`, kind: 'citizen', name: 'Replica test', cpr, description: '' }, 600));
    return tokens.get(cpr)!;
  };
  /** GraphQL as citizen `cpr` through the gateway at `url`. */
  const as =
    (url: string, cpr: string) =>
    async (query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> =>
      graphqlCaller(url)(query, variables, { authorization: `Bearer ${await tokenFor(cpr)}` });
  const cprCalls = (operation = 'PersonLookup', cpr?: string) =>
    stack.standIns.cpr.calls().filter((c) => c.operation === operation && (!cpr || c.keys.includes(cpr))).length;
  const cacheEvent = (text: string, event: string) =>
    Number(text.match(new RegExp(`^cache_events_total\\{system="cpr",event="${event}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? 0);
  const moveInput = (cpr: string, houseNumber: string) => ({
    cpr,
    street: 'Skovvejen',
    houseNumber,
    postalCode: '8000',
    city: 'Aarhus C',
    municipalityCode: '0751',
    movedIn: '2026-11-20',
  });

  beforeAll(async () => {
    stack = await startTestStack({ cache });
    const personaCprs = new Set(PERSONAS.map((p) => p.cpr));
    adults = stack.population.people
      .filter((p) => !personaCprs.has(p.cpr) && ageOn(p.birthDate, E2E_TODAY) >= 25 && ageOn(p.birthDate, E2E_TODAY) < 80)
      .map((p) => p.cpr);
    registerProxy = await forwardingProxy(stack.standIns.cpr.url, (_method, path) => onRegisterRequest(path));
    citizen2 = await spawnSubgraphReplica(stack, 'citizen', { databaseUrl: TEST_DATABASE_URL, cache, legacyUrl: registerProxy.url });
    gatewayB = await startFullGatewayReplica(stack, { subgraphUrls: { citizen: citizen2.url } });
  }, 120_000);

  afterAll(async () => {
    // Every step on its own: one failing still lets the others clean up.
    for (const service of extra) await service.stop().catch(() => undefined);
    await gatewayB?.stop().catch(() => undefined);
    await citizen2?.stop().catch(() => undefined);
    await registerProxy?.close().catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  it('replicas-cache-shared: a register lookup through replica A is a cache hit through replica B, and the other way round', async () => {
    const one = adults[nextAdult++];
    stack.standIns.cpr.resetCalls();
    const throughA = await as(stack.gatewayUrl, one)(NAME);
    expect(throughA.body.errors).toBeUndefined();
    expect(cprCalls('PersonLookup', one)).toBeGreaterThan(0);

    stack.standIns.cpr.resetCalls();
    const hitsBefore = cacheEvent(await citizen2!.metrics(), 'hit');
    const throughB = await as(gatewayB!.url, one)(NAME);
    expect(throughB.body).toEqual(throughA.body);
    expect(cprCalls('PersonLookup', one)).toBe(0);
    // Replica 2's own counters (its /metrics): the entry replica 1 wrote was a hit there.
    expect(cacheEvent(await citizen2!.metrics(), 'hit')).toBeGreaterThan(hitsBefore);

    // The other way: filled through B, a hit through A (the stack's cache counters).
    const two = adults[nextAdult++];
    const filled = await as(gatewayB!.url, two)(NAME);
    expect(filled.body.errors).toBeUndefined();
    stack.standIns.cpr.resetCalls();
    const hitsA = stack.cache!.metrics.snapshot().cpr.hits;
    const again = await as(stack.gatewayUrl, two)(NAME);
    expect(again.body).toEqual(filled.body);
    expect(cprCalls('PersonLookup', two)).toBe(0);
    expect(stack.cache!.metrics.snapshot().cpr.hits).toBeGreaterThan(hitsA);
  });

  it('replicas-invalidation-shared: a move filed through replica B removes the cached register entry replica A reads', async () => {
    const cpr = adults[nextAdult++];
    const before = await as(stack.gatewayUrl, cpr)(ADDRESS);
    expect(before.body.errors).toBeUndefined();
    stack.standIns.cpr.resetCalls();
    expect((await as(stack.gatewayUrl, cpr)(ADDRESS)).body).toEqual(before.body);
    expect(cprCalls('PersonLookup', cpr)).toBe(0); // cached

    const moved = await as(gatewayB!.url, cpr)(MOVE, { input: moveInput(cpr, '17'), key: randomUUID() });
    expect(moved.body.errors).toBeUndefined();
    expect(cprCalls('AddressChange', cpr)).toBe(1);

    stack.standIns.cpr.resetCalls();
    const after = await as(stack.gatewayUrl, cpr)(ADDRESS);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data!.me.address).toEqual({ street: 'Skovvejen', houseNumber: '17', postalCode: '8000', city: 'Aarhus C' });
    expect(cprCalls('PersonLookup', cpr)).toBeGreaterThan(0); // the entry was gone, so A asked the register
  });

  it("replicas-rate-limit: one citizen's limit holds across two full gateway replicas on the same Redis", async () => {
    const limited = { redisUrl: TEST_REDIS_URL, redisKeyPrefix: `test:replicas:${randomUUID()}:`, rateLimitRequests: 3, rateLimitWindowMs: 60_000 };
    const a = await startFullGatewayReplica(stack, { gateway: limited });
    extra.push(a);
    const b = await startFullGatewayReplica(stack, { subgraphUrls: { citizen: citizen2!.url }, gateway: limited });
    extra.push(b);
    const cpr = adults[nextAdult++];
    const other = adults[nextAdult++];
    expect((await as(a.url, cpr)(NAME)).status).toBe(200);
    expect((await as(b.url, cpr)(NAME)).status).toBe(200);
    expect((await as(a.url, cpr)(NAME)).status).toBe(200);
    const fourth = await as(b.url, cpr)(NAME);
    expect(fourth.status).toBe(429);
    expect(fourth.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    const fifth = await as(a.url, cpr)(NAME);
    expect(fifth.status).toBe(429);
    // Counted per citizen: another one is served by either replica.
    expect((await as(b.url, other)(NAME)).status).toBe(200);
  });

  it('replicas-kill-no-lost-filing: citizen replica 2 SIGKILLed mid-load; every filing answered with success is in the register exactly once, retries with the same key add nothing', async () => {
    const FILINGS = 24;
    const CONCURRENCY = 6;
    const filings = Array.from({ length: FILINGS }, (_, i) => ({
      cpr: adults[nextAdult++],
      key: `replica-kill-${randomUUID()}`,
      houseNumber: String(100 + i),
    }));
    for (const f of filings) await tokenFor(f.cpr);
    stack.standIns.cpr.resetCalls();
    // The register takes 300 ms a call during the load, so replica 2 dies with writes in flight.
    stack.standIns.cpr.setFaults({ latencyMs: 300 });

    type Outcome = { ok: boolean; reference?: string; via: 'A' | 'B' };
    const outcomes: Outcome[] = new Array(FILINGS);
    const file = async (i: number, url: string): Promise<{ ok: boolean; reference?: string }> => {
      try {
        const { status, body } = await as(url, filings[i].cpr)(MOVE, { input: moveInput(filings[i].cpr, filings[i].houseNumber), key: filings[i].key });
        const reference = body.data?.changeAddress?.reference as string | undefined;
        return status === 200 && !body.errors && reference ? { ok: true, reference } : { ok: false };
      } catch {
        return { ok: false };
      }
    };
    // Half through each gateway, CONCURRENCY at a time. Once two filings through B have succeeded, replica 2 is
    // SIGKILLed the moment its next address change reaches the register: the register makes that write, nobody hears of it.
    let dispatched = 0;
    let okViaB = 0;
    let killed: Promise<void> | undefined;
    let killedWithWriteInFlight = false;
    onRegisterRequest = (path) => {
      if (killed || okViaB < 2 || !path.includes('address-change')) return;
      killedWithWriteInFlight = true;
      killed = citizen2!.kill();
    };
    const worker = async () => {
      while (dispatched < FILINGS) {
        const i = dispatched++;
        const via = i % 2 === 0 ? 'A' : 'B';
        outcomes[i] = { ...(await file(i, via === 'A' ? stack.gatewayUrl : gatewayB!.url)), via };
        if (via === 'B' && outcomes[i].ok) okViaB += 1;
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await killed;
    } finally {
      onRegisterRequest = () => {};
      stack.standIns.cpr.setFaults({ latencyMs: 0 });
    }
    expect(killedWithWriteInFlight).toBe(true);

    const answeredOk = outcomes.filter((o) => o.ok).length;
    const failed = outcomes.map((o, i) => (o.ok ? -1 : i)).filter((i) => i >= 0);
    // The kill cut replica 2's requests: some filings got no success answer the first time.
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((i) => outcomes[i].via === 'B')).toBe(true);
    expect(answeredOk).toBeGreaterThan(0);

    // The client retries what failed, with the same key, through the replica still running; and repeats a success.
    const retried = new Map<number, string>();
    for (const i of failed) {
      for (let attempt = 0; attempt < 5 && !retried.has(i); attempt += 1) {
        const again = await file(i, stack.gatewayUrl);
        if (again.ok) retried.set(i, again.reference!);
        else await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(retried.size).toBe(failed.length);
    const firstOk = outcomes.findIndex((o) => o.ok);
    const repeat = await file(firstOk, stack.gatewayUrl);
    expect(repeat).toEqual({ ok: true, reference: outcomes[firstOk].reference });

    const references = filings.map((_, i) => outcomes[i].reference ?? retried.get(i)!);
    expect(new Set(references).size).toBe(FILINGS);
    for (const [i, f] of filings.entries()) {
      // Written to the register exactly once (a resend after the kill is the register's replay of the same reference).
      expect({ i, writes: cprCalls('AddressChange', f.cpr) }).toEqual({ i, writes: 1 });
    }
    // The write in flight at the kill: its idempotency key died uncommitted with replica 2, so the retry through A
    // wrote again with the same client reference, and the register answered it as a replay.
    expect(cprCalls('AddressChangeReplay')).toBeGreaterThanOrEqual(1);
    // And each on file: the register has the new address, and the uptake figures have the filing once.
    for (const f of filings.slice(0, 6)) {
      const { body } = await as(stack.gatewayUrl, f.cpr)(ADDRESS);
      expect(body.data!.me.address).toMatchObject({ street: 'Skovvejen', houseNumber: f.houseNumber });
    }
    await waitFor(
      async () => {
        const { rows } = await stack.storeSql.query<{ reference: string }>('SELECT reference FROM filings WHERE service = $1', [CHANGE_OF_ADDRESS]);
        const mine = rows.filter((r) => references.includes(r.reference));
        return mine.length === FILINGS;
      },
      5000,
      'not every filing is in the uptake records',
    );
  }, 120_000);
});
