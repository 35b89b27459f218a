import { stamped } from '../../test/support/callerContexts';
import { SignJWT } from 'jose';
import { CALLER_CONTEXT_HEADER, generateContextKeys, signCallerContext } from '../../domain/caller';
import { HeaderMap } from '@apollo/server';
import { createContextFunction } from './context';
import { createStores } from './store/stores';
import { asCitizen, asSystem, codes, personaCpr, startTestSelfservice, type TestSelfservice } from '../../test/support/selfserviceTestSupport';

const ingrid = personaCpr('ingrid');
const SERVICES = '{ services { code } }';
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { exemptions { active { id } } } } }';

describe('caller context required (GraphQL and internal endpoints)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());

  it('with a valid context, Query.services answers from the catalogue', async () => {
    const answer = await ss.gql(SERVICES, {}, asCitizen(ingrid));
    expect(answer.data!.services.map((s: { code: string }) => s.code)).toContain('housing-benefit');
  });

  it('context-missing: anything but the public catalogue is UNAUTHENTICATED with HTTP 401', async () => {
    const refused = [
      [ENTITIES, { r: [{ __typename: 'Citizen', cpr: ingrid }] }],
      ['{ uptake(from: "2024-01-01", to: "2024-01-31") { exemptionsInForce } }', {}],
      ['query { ...Q } fragment Q on Query { services { code } uptake(from: "2024-01-01", to: "2024-01-31") { citizensExempt } }', {}],
      ['mutation { revokeDelegation(input: { delegationId: "1" }, idempotencyKey: "k") { id } }', {}],
      ['{ __schema { queryType { name } } }', {}],
      ['{ _service { sdl } }', {}],
    ] as const;
    for (const [query, variables] of refused) {
      const answer = await ss.gql(query, { ...variables }, null);
      expect([query, answer.status, codes(answer)]).toEqual([query, 401, ['UNAUTHENTICATED']]);
      expect(answer.data ?? null).toBeNull();
    }
  });

  it("public-catalogue-without-context: the catalogue answers a call without any caller context (the gateway's anonymous requests)", async () => {
    const answer = await ss.gql('{ services { code mandatoryDigital } serviceCatalogue { version } }', {}, null);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.services.map((s: { code: string }) => s.code)).toContain('housing-benefit');
  });

  it("anonymous-context-has-no-caller: a resolver that asks who calls is refused, also on Apollo's copy of the context", async () => {
    const context = await createContextFunction({ stores: createStores(ss.sql), contextPublicKey: (await generateContextKeys()).publicKey, clock: ss.clock })({
      headers: new HeaderMap(),
      requestId: 'anonymous-1',
    });
    expect(context.anonymous).toBe(true);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(context)), context) as typeof context;
    for (const each of [context, copy])
      expect(() => each.caller).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });

  it('context-forged: signed with another key is UNAUTHENTICATED', async () => {
    const other = await generateContextKeys();
    const forged = await signCallerContext(stamped(asCitizen(ingrid), ss.clock), other.privateKey!, { audience: 'selfservice', operation: 'query' });
    expect(codes(await ss.gql(SERVICES, {}, forged))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await ss.gql(SERVICES, {}, 'not-a-jwt'))).toEqual(['UNAUTHENTICATED']);
  });

  it('context-expired: a context signed with the trusted key but past its expiry is UNAUTHENTICATED', async () => {
    const now = Math.floor(ss.clock.now().getTime() / 1000);
    const ctx = stamped(asCitizen(ingrid), ss.clock);
    const token = (exp: number) =>
      new SignJWT({ ctx, op: 'query' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer('citizen-graph-gateway')
        .setAudience('selfservice')
        .setIssuedAt(now - 5)
        .setExpirationTime(exp)
        .sign(ss.privateKey);
    const call = async (exp: number) => {
      const res = await fetch(ss.service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_CONTEXT_HEADER]: await token(exp), 'x-request-id': ctx.requestId },
        body: JSON.stringify({ query: SERVICES }),
      });
      return ((await res.json()) as { errors?: { extensions: { code: string } }[] }).errors?.map((e) => e.extensions.code) ?? [];
    };
    expect(await call(now + 5)).toEqual([]);
    expect(await call(now - 1)).toEqual(['UNAUTHENTICATED']);
  });

  it('internal-without-context: every internal endpoint answers 401 without, or with a forged, context', async () => {
    const other = await generateContextKeys();
    const forged = await signCallerContext(stamped(asCitizen(ingrid), ss.clock), other.privateKey!, { audience: 'selfservice', operation: 'query' });
    for (const path of ['/internal/acting-context', '/internal/access-log', '/internal/filings']) {
      expect((await ss.post(path, {}, null)).status).toBe(401);
      expect((await ss.post(path, {}, forged)).status).toBe(401);
    }
    const { rows } = await ss.sql.query<{ n: number }>('SELECT (SELECT count(*) FROM access_log)::int + (SELECT count(*) FROM filings)::int AS n');
    expect(rows[0].n).toBe(0);
  });
});

describe('internal endpoints name their callers', () => {
  let ss: TestSelfservice;
  const ingridCpr = personaCpr('ingrid');
  const madsCpr = personaCpr('mads');
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());
  const delegate = () => ({ ...asCitizen(madsCpr, { cpr: ingridCpr, grants: [] }), requestId: 'delegate-request' });
  const entryFor = (ctx: ReturnType<typeof delegate>, overrides: Record<string, unknown> = {}) => ({
    subjectCpr: ingridCpr,
    actorId: ctx.actor.id,
    actorRole: 'DELEGATE',
    domain: 'housing',
    operation: 'query Housing',
    requestId: ctx.requestId,
    at: ss.clock.now().toISOString(),
    ...overrides,
  });

  it("internal-access-log-citizen-context: a delegate posting its own context (no service identity) cannot write anyone's log", async () => {
    const ctx = delegate();
    const answer = await ss.post('/internal/access-log', { entries: [entryFor(ctx)] }, ctx);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('internal-access-log-in-another-name: a service cannot log an entry its caller context did not make', async () => {
    const ctx = delegate();
    for (const forged of [
      { actorId: 'persona:karen' },
      { requestId: 'another-request' },
      { subjectCpr: personaCpr('bent') },
      { domain: 'tax' },
      { actorRole: 'CASEWORKER' },
    ]) {
      const answer = await ss.post('/internal/access-log', { entries: [entryFor(ctx, forged)] }, ctx, { service: 'housing' });
      expect([Object.keys(forged)[0], answer.status]).toEqual([Object.keys(forged)[0], 403]);
    }
    const honest = await ss.post('/internal/access-log', { entries: [entryFor(ctx)] }, ctx, { service: 'housing' });
    expect(honest.status).toBe(204);
  });

  it("internal-context-of-another-service: a context addressed to tax is refused with housing's proof", async () => {
    const ctx = delegate();
    const token = await ss.sign(ctx, { audience: 'tax', operation: 'query' });
    const answer = await ss.post('/internal/access-log', { entries: [entryFor(ctx)] }, token, {});
    expect(answer.status).toBe(401);
    const withProof = await ss.post('/internal/access-log', { entries: [entryFor(ctx, { domain: 'tax' })] }, ctx, { service: 'housing' });
    expect(withProof.status).toBe(403);
  });

  it('internal-filings-query-context: a context minted for a query cannot record a filing (uptake cannot be inflated by reads)', async () => {
    const ctx = delegate();
    const entry = {
      service: 'housing-benefit',
      channel: 'DELEGATE',
      municipalityCode: '0751',
      subjectCpr: ingridCpr,
      filedAt: ss.clock.now().toISOString(),
      reference: 'inflate-1',
    };
    expect((await ss.post('/internal/filings', { entry }, ctx, { service: 'housing', operation: 'query' })).status).toBe(403);
    expect(
      (
        await ss.post('/internal/filings', { entry: { ...entry, service: 'preliminary-income-assessment' } }, ctx, {
          service: 'housing',
          operation: 'mutation',
        })
      ).status,
    ).toBe(403);
    expect((await ss.post('/internal/filings', { entry }, ctx, { service: 'housing', operation: 'mutation' })).status).toBe(204);
  });

  it("internal-acting-context-citizen: only the gateway's system identity may read who acts for whom", async () => {
    const query = { actorCpr: madsCpr, subjectCpr: ingridCpr, onDate: ss.clock.now().toISOString().slice(0, 10) };
    expect((await ss.post('/internal/acting-context', query, delegate())).status).toBe(403);
    expect((await ss.post('/internal/acting-context', query, delegate(), { service: 'housing' })).status).toBe(403);
    expect((await ss.post('/internal/acting-context', { ...query, subjectCpr: personaCpr('bent') }, asSystem(ingridCpr), { operation: 'query' })).status).toBe(
      403,
    );
    expect((await ss.post('/internal/acting-context', query, asSystem(ingridCpr), { operation: 'query' })).status).toBe(200);
  });
});
