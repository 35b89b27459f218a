import { asCitizen, codes, GRANT_DELEGATION, personaCpr, startTestSelfservice, type TestSelfservice } from '../../../test/support/selfserviceTestSupport';

/**
 * Issue #10 in the selfservice subgraph: a power of attorney only to a person the register knows,
 * the holder renouncing one, the holder's grantors in force (asked by the citizen subgraph), and
 * actor names in the access log.
 */
const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');
const karen = personaCpr('karen');
const freja = personaCpr('freja');
const UNKNOWN = '0101010000';

const RENOUNCE = `mutation($id: ID!, $key: ID!) { renounceDelegation(input: { delegationId: $id }, idempotencyKey: $key) { id status revokedAt grantor { cpr } } }`;
const REVOKE = `mutation($id: ID!, $key: ID!) { revokeDelegation(input: { delegationId: $id }, idempotencyKey: $key) { id status } }`;
const LOG = `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
  accessLog(first: 100) { edges { node { actorId actorRole actorName domain operation } } } } } }`;
const GRANTED = `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen { delegationsGranted { id status } } } }`;

const madsNamed = () => ({ ...asCitizen(mads), actor: { ...asCitizen(mads).actor, name: 'Mads Holm Jensen' } });
const lookups = (ss: TestSelfservice) =>
  ss.cprStandIn
    .calls()
    .filter((c) => c.operation === 'PersonLookup')
    .map((c) => c.keys);
const grant = (ss: TestSelfservice, holderCpr: string, key: string, validTo = '2025-02-28') =>
  ss.gql(GRANT_DELEGATION, { input: { holderCpr, services: ['housing-benefit'], actions: ['READ', 'FILE'], validTo }, key }, asCitizen(ingrid));

describe('delegation-to-unknown-cpr', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());
  beforeEach(() => {
    ss.cprStandIn.resetCalls();
    ss.cprStandIn.setFaults({ down: false });
  });

  it('a number the register does not know is BAD_USER_INPUT with a reason, after one register lookup; nothing is granted', async () => {
    const answer = await grant(ss, UNKNOWN, 'unknown-1');
    expect(answer.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'holderCpr', reason: 'HOLDER_NOT_IN_REGISTER' }) }),
    ]);
    expect(answer.errors![0].message).not.toContain(UNKNOWN);
    expect(lookups(ss)).toEqual([[UNKNOWN]]);
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM delegations WHERE holder_cpr = $1', [UNKNOWN]);
    expect(rows[0].n).toBe(0);
  });

  it('a known holder is granted after the register says so', async () => {
    const answer = await grant(ss, mads, 'known-1');
    expect(answer.errors).toBeUndefined();
    expect(lookups(ss)).toEqual([[mads]]);
  });

  it('a grant another rule refuses never asks the register', async () => {
    expect(codes(await grant(ss, ingrid, 'self-1'))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await ss.gql(
          GRANT_DELEGATION,
          { input: { holderCpr: mads, services: ['marriage-notice'], actions: ['READ'], validTo: '2025-01-01' }, key: 'nd-1' },
          asCitizen(ingrid),
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(lookups(ss)).toEqual([]);
  });

  it('a retry of a granted attempt replays without asking the register again', async () => {
    const first = await grant(ss, karen, 'retry-1');
    ss.cprStandIn.resetCalls();
    ss.cprStandIn.setFaults({ down: true });
    const retried = await grant(ss, karen, 'retry-1');
    expect(retried.data).toEqual(first.data);
    expect(lookups(ss)).toEqual([]);
  });

  it('register-down: LEGACY_UNAVAILABLE naming cpr, not a grant; the same key succeeds once the register is back', async () => {
    ss.cprStandIn.setFaults({ down: true });
    const down = await grant(ss, personaCpr('peter'), 'down-1');
    expect(down.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'cpr' }) })]);
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM delegations WHERE holder_cpr = $1', [personaCpr('peter')]);
    expect(rows[0].n).toBe(0);
    ss.cprStandIn.setFaults({ down: false });
    // The register client's circuit may still be open for a moment after the outage.
    let back = await grant(ss, personaCpr('peter'), 'down-1');
    for (let i = 0; i < 20 && back.errors; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      back = await grant(ss, personaCpr('peter'), 'down-1');
    }
    expect(back.errors).toBeUndefined();
    expect(back.data!.grantDelegation.status).toBe('ACTIVE');
  }, 20_000);
});

describe('renounce-delegation', () => {
  let ss: TestSelfservice;
  let id: string;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    id = (await grant(ss, mads, 'ingrid-mads')).data!.grantDelegation.id;
  });
  afterAll(() => ss.stop());

  it('only the holder, acting for themselves: the grantor, another citizen and the holder acting for someone else are refused', async () => {
    expect(codes(await ss.gql(RENOUNCE, { id, key: 'by-grantor' }, asCitizen(ingrid)))).toEqual(['NOT_FOUND']);
    expect(codes(await ss.gql(RENOUNCE, { id, key: 'by-karen' }, asCitizen(karen)))).toEqual(['NOT_FOUND']);
    const actingForFreja = asCitizen(mads, { cpr: freja, grants: [{ domain: 'selfservice', actions: ['read', 'file'] }] });
    expect(codes(await ss.gql(RENOUNCE, { id, key: 'for-freja' }, actingForFreja))).toEqual(['FORBIDDEN']);
    const caseworker = {
      actor: { kind: 'caseworker' as const, id: 'cw', authority: 'municipality:0751', scopes: ['selfservice:read'] },
      channel: 'ASSISTED' as const,
      requestId: 'cw-1',
    };
    expect(codes(await ss.gql(RENOUNCE, { id, key: 'by-cw' }, caseworker))).toEqual(['FORBIDDEN']);
  });

  it("the holder renounces: RENOUNCED from today, recorded as ended by the holder, once per key, in the grantor's log", async () => {
    const renounced = await ss.gql(RENOUNCE, { id, key: 'renounce-1' }, madsNamed());
    expect(renounced.errors).toBeUndefined();
    expect(renounced.data!.renounceDelegation).toMatchObject({ id, status: 'RENOUNCED', grantor: { cpr: ingrid } });
    const retried = await ss.gql(RENOUNCE, { id, key: 'renounce-1' }, madsNamed());
    expect(retried.data).toEqual(renounced.data);
    expect(await ss.gql(RENOUNCE, { id, key: 'renounce-2' }, madsNamed())).toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', status: 'RENOUNCED' }) })],
    });
    expect(await ss.gql(REVOKE, { id, key: 'revoke-after' }, asCitizen(ingrid))).toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', status: 'RENOUNCED' }) })],
    });

    const { rows } = await ss.sql.query<{ revoked_by: string; ended_by: string; revoked_on: string }>(
      'SELECT revoked_by, ended_by, revoked_on::text AS revoked_on FROM delegations WHERE id = $1',
      [id],
    );
    expect(rows).toEqual([{ revoked_by: `sub-${mads}`, ended_by: 'HOLDER', revoked_on: '2024-03-01' }]);
    const granted = await ss.gql(GRANTED, { cpr: ingrid }, asCitizen(ingrid));
    expect(granted.data!._entities[0].delegationsGranted).toEqual([{ id, status: 'RENOUNCED' }]);
    const log = await ss.gql(LOG, { cpr: ingrid }, asCitizen(ingrid));
    const renouncedEntries = log.data!._entities[0].accessLog.edges.map((e: any) => e.node).filter((n: any) => n.operation === 'mutation renounceDelegation');
    expect(renouncedEntries).toEqual([
      { actorId: `sub-${mads}`, actorRole: 'DELEGATE', actorName: 'Mads Holm Jensen', domain: 'SELFSERVICE', operation: 'mutation renounceDelegation' },
    ]);
  });

  it('a renounced power of attorney no longer lets the holder act: acting-context finds none', async () => {
    const system = {
      actor: { kind: 'system' as const, id: 'citizen-graph-gateway', scopes: [] },
      actingFor: { cpr: ingrid, basis: 'system-check' as const, grants: [] },
      channel: 'DIGITAL_SELF_SERVICE' as const,
      requestId: 'sys-1',
      purpose: 'checked',
    };
    const answer = await ss.post('/internal/acting-context', { actorCpr: mads, subjectCpr: ingrid, onDate: '2024-03-01' }, system, { operation: 'query' });
    expect(answer.body.delegations).toEqual([]);
  });

  it('an expired power of attorney cannot be renounced (CONFLICT, EXPIRED)', async () => {
    const other = (await grant(ss, karen, 'ingrid-karen', '2024-06-30')).data!.grantDelegation.id;
    const before = ss.clock.now();
    ss.clock.set('2024-07-01T10:00:00Z');
    try {
      expect(await ss.gql(RENOUNCE, { id: other, key: 'late' }, asCitizen(karen))).toMatchObject({
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', status: 'EXPIRED' }) })],
      });
    } finally {
      ss.clock.set(before);
    }
  });
});

describe('holder-reads-grantor-name (selfservice side)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    await grant(ss, mads, 'ingrid-mads');
  });
  afterAll(() => ss.stop());
  const madsSelf = () => ({ ...madsNamed(), requestId: 'mads-own' });
  const nameRead = (ctx: ReturnType<typeof madsSelf>, subjectCpr: string) => ({
    subjectCpr,
    actorId: ctx.actor.id,
    actorRole: 'DELEGATE',
    domain: 'citizen',
    operation: 'query MyPowers',
    requestId: ctx.requestId,
    at: ss.clock.now().toISOString(),
  });

  it("grantors-in-force answers the citizen subgraph with the caller's own grantors in force, nothing else", async () => {
    const ctx = madsSelf();
    const answer = await ss.post('/internal/grantors-in-force', { grantorCprs: [ingrid, karen] }, ctx, { service: 'citizen', operation: 'query' });
    expect(answer).toEqual({ status: 200, body: { grantorCprs: [ingrid] } });
    const karens = await ss.post('/internal/grantors-in-force', { grantorCprs: [ingrid] }, asCitizen(karen), { service: 'citizen', operation: 'query' });
    expect(karens.body).toEqual({ grantorCprs: [] });
  });

  it('grantors-in-force names its one caller: not another subgraph, not the gateway, not a context acting for someone', async () => {
    const ctx = madsSelf();
    expect((await ss.post('/internal/grantors-in-force', { grantorCprs: [ingrid] }, ctx, { service: 'housing', operation: 'query' })).status).toBe(403);
    expect((await ss.post('/internal/grantors-in-force', { grantorCprs: [ingrid] }, ctx, { operation: 'query' })).status).toBe(403);
    const actingForIngrid = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'citizen', actions: ['read'] }] });
    expect((await ss.post('/internal/grantors-in-force', { grantorCprs: [ingrid] }, actingForIngrid, { service: 'citizen', operation: 'query' })).status).toBe(
      403,
    );
    expect((await ss.post('/internal/grantors-in-force', { grantorCprs: [] }, ctx, { service: 'citizen', operation: 'query' })).status).toBe(400);
  });

  it("the citizen subgraph logs a holder's name read as DELEGATE only for a grantor in force", async () => {
    const ctx = madsSelf();
    const accepted = await ss.post('/internal/access-log', { entries: [nameRead(ctx, ingrid)] }, ctx, { service: 'citizen' });
    expect(accepted.status).toBe(204);
    const notHeld = await ss.post('/internal/access-log', { entries: [nameRead(ctx, karen)] }, ctx, { service: 'citizen' });
    expect(notHeld.status).toBe(403);
    // Only the citizen subgraph reads names: housing cannot claim the holder's role.
    const housing = await ss.post('/internal/access-log', { entries: [{ ...nameRead(ctx, ingrid), domain: 'housing' }] }, ctx, { service: 'housing' });
    expect(housing.status).toBe(403);
    const { rows } = await ss.sql.query<{ subject_cpr: string; actor_role: string; actor_name: string }>(
      'SELECT subject_cpr, actor_role, actor_name FROM access_log WHERE request_id = $1',
      ['mads-own'],
    );
    expect(rows).toEqual([{ subject_cpr: ingrid, actor_role: 'DELEGATE', actor_name: 'Mads Holm Jensen' }]);
  });
});

describe('access-log-actor-names (selfservice side)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());
  const delegate = () => ({
    ...asCitizen(mads, { cpr: ingrid, grants: [] }),
    actor: { kind: 'citizen' as const, id: `sub-${mads}`, cpr: mads, scopes: [], name: 'Mads Holm Jensen' },
    requestId: 'delegate-named',
  });
  const entry = (ctx: ReturnType<typeof delegate>, overrides: Record<string, unknown> = {}) => ({
    subjectCpr: ingrid,
    actorId: ctx.actor.id,
    actorRole: 'DELEGATE',
    domain: 'housing',
    operation: 'query Housing',
    requestId: ctx.requestId,
    at: ss.clock.now().toISOString(),
    ...overrides,
  });

  it('an entry names its actor as the signed context does; another name is refused, a missing one is filled in', async () => {
    const ctx = delegate();
    expect((await ss.post('/internal/access-log', { entries: [entry(ctx, { actorName: 'Karen Holm Jensen' })] }, ctx, { service: 'housing' })).status).toBe(
      403,
    );
    expect((await ss.post('/internal/access-log', { entries: [entry(ctx, { actorName: 'Mads Holm Jensen' })] }, ctx, { service: 'housing' })).status).toBe(204);
    expect((await ss.post('/internal/access-log', { entries: [entry(ctx, { operation: 'query Other' })] }, ctx, { service: 'housing' })).status).toBe(204);
    const log = await ss.gql(LOG, { cpr: ingrid }, asCitizen(ingrid));
    const names = log.data!._entities[0].accessLog.edges.map((e: any) => [e.node.operation, e.node.actorName]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['query Housing', 'Mads Holm Jensen'],
        ['query Other', 'Mads Holm Jensen'],
      ]),
    );
  });

  it('the gateway\'s acting-for check is named "Citizen Graph" with its purpose; a caseworker by name and authority', async () => {
    const system = {
      actor: { kind: 'system' as const, id: 'citizen-graph-gateway', scopes: [] },
      actingFor: { cpr: ingrid, basis: 'system-check' as const, grants: [] },
      channel: 'DIGITAL_SELF_SERVICE' as const,
      requestId: 'sys-named',
      purpose: 'checked whether Mads Holm Jensen may act for you',
    };
    expect(
      (await ss.post('/internal/acting-context', { actorCpr: mads, subjectCpr: ingrid, onDate: '2024-03-01' }, system, { operation: 'query' })).status,
    ).toBe(200);
    const caseworker = {
      actor: {
        kind: 'caseworker' as const,
        id: 'persona:caseworker-aarhus',
        authority: 'municipality:0751',
        scopes: ['selfservice:read'],
        name: 'Lise Sagsbehandler',
      },
      actingFor: { cpr: ingrid, basis: 'caseworker' as const, grants: [] },
      channel: 'ASSISTED' as const,
      requestId: 'cw-named',
    };
    await ss.gql(
      `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen { delegationsGranted { id } } } }`,
      { cpr: ingrid },
      caseworker,
    );
    const { rows } = await ss.sql.query<{ request_id: string; actor_name: string }>(
      "SELECT request_id, actor_name FROM access_log WHERE request_id IN ('sys-named', 'cw-named') ORDER BY request_id",
    );
    expect(rows).toEqual([
      { request_id: 'cw-named', actor_name: 'Lise Sagsbehandler (municipality:0751)' },
      { request_id: 'sys-named', actor_name: 'Citizen Graph (checked whether Mads Holm Jensen may act for you)' },
    ]);
  });

  it('never a CPR number: a name claim holding one is not shown', async () => {
    const ctx = { ...delegate(), actor: { ...delegate().actor, name: `${mads.slice(0, 6)}-${mads.slice(6)}` }, requestId: 'cpr-as-name' };
    expect((await ss.post('/internal/access-log', { entries: [entry(ctx)] }, ctx, { service: 'housing' })).status).toBe(204);
    const { rows } = await ss.sql.query<{ actor_name: string | null }>("SELECT actor_name FROM access_log WHERE request_id = 'cpr-as-name'");
    expect(rows).toEqual([{ actor_name: null }]);
  });
});
