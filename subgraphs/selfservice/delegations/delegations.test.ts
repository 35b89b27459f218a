import {
  asCitizen,
  asSystem,
  codes,
  GRANT_DELEGATION,
  personaCpr,
  startTestSelfservice,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');
const karen = personaCpr('karen');
const freja = personaCpr('freja');

const REVOKE = `mutation($id: ID!, $key: ID!) { revokeDelegation(input: { delegationId: $id }, idempotencyKey: $key) { id status revokedAt } }`;
const DELEGATIONS = `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
  delegationsGranted { id status holder { cpr } } delegationsHeld { id grantor { cpr } } } } }`;

describe('delegations (digital power of attorney)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());

  it('ingrid lets mads file her housing-benefit application; both see it', async () => {
    const granted = await ss.gql(
      GRANT_DELEGATION,
      { input: { holderCpr: mads, services: ['housing-benefit'], actions: ['READ', 'FILE'], validTo: '2025-02-28' }, key: 'ingrid-mads-1' },
      asCitizen(ingrid),
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantDelegation).toMatchObject({
      grantor: { cpr: ingrid },
      holder: { cpr: mads },
      services: [{ code: 'housing-benefit' }],
      actions: ['READ', 'FILE'],
      validFrom: '2024-03-01',
      validTo: '2025-02-28',
      status: 'ACTIVE',
    });
    const asIngrid = await ss.gql(DELEGATIONS, { cpr: ingrid }, asCitizen(ingrid));
    expect(asIngrid.data!._entities[0].delegationsGranted).toEqual([{ id: granted.data!.grantDelegation.id, status: 'ACTIVE', holder: { cpr: mads } }]);
    const asMads = await ss.gql(DELEGATIONS, { cpr: mads }, asCitizen(mads));
    expect(asMads.data!._entities[0].delegationsHeld).toEqual([{ id: granted.data!.grantDelegation.id, grantor: { cpr: ingrid } }]);
  });

  it('grantor-under-15: freja (born 2014) may not grant', async () => {
    const answer = await ss.gql(
      GRANT_DELEGATION,
      { input: { holderCpr: karen, services: ['daycare'], actions: ['READ'], validTo: '2024-12-31' }, key: 'freja-1' },
      asCitizen(freja),
    );
    expect(answer.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'GRANTOR_TOO_YOUNG' });
  });

  it('non-delegable-service, unknown service, self as holder, too long, in the past: refused', async () => {
    const base = { holderCpr: mads, services: ['housing-benefit'], actions: ['READ'], validTo: '2025-01-01' };
    const cases = [
      { ...base, services: ['marriage-notice'] },
      { ...base, services: ['no-such-service'] },
      { ...base, holderCpr: ingrid },
      { ...base, validTo: '2029-03-02' },
      { ...base, validFrom: '2024-02-29' },
      { ...base, actions: [] },
    ];
    for (const [i, input] of cases.entries())
      expect(codes(await ss.gql(GRANT_DELEGATION, { input, key: `bad-${i}` }, asCitizen(ingrid)))).toEqual(['BAD_USER_INPUT']);
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM delegations WHERE grantor_cpr = $1', [ingrid]);
    expect(rows[0].n).toBe(1);
  });

  it('a delegate acting for the grantor cannot grant in her name', async () => {
    const context = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] }] });
    const answer = await ss.gql(
      GRANT_DELEGATION,
      { input: { holderCpr: karen, services: ['housing-benefit'], actions: ['READ'], validTo: '2025-01-01' }, key: 'mads-for-ingrid' },
      context,
    );
    expect(codes(answer)).toEqual(['FORBIDDEN']);
  });

  it('delegate-reads-grantor-records: mads acting for ingrid cannot read her delegations or access log', async () => {
    const context = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] }] });
    const answer = await ss.gql(
      `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
      delegationsGranted { id } accessLog { totalCount } } } }`,
      { cpr: ingrid },
      context,
    );
    expect(answer.data!._entities[0]).toEqual({ delegationsGranted: null, accessLog: null });
    expect(codes(answer)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('acting-context returns the delegation in force, not on a day after it expired, not after revocation', async () => {
    // As the gateway asks: its system identity, about Ingrid, on the request's own day.
    const actingContextOn = async (day: string) => {
      const before = ss.clock.now();
      ss.clock.set(day);
      try {
        return await ss.post('/internal/acting-context', { actorCpr: mads, subjectCpr: ingrid, onDate: day }, asSystem(ingrid), { operation: 'query' });
      } finally {
        ss.clock.set(before);
      }
    };
    const during = await actingContextOn('2024-06-01');
    expect(during.status).toBe(200);
    expect(during.body.delegations).toEqual([
      expect.objectContaining({ services: ['housing-benefit'], actions: ['read', 'file'], validFrom: '2024-03-01', validTo: '2025-02-28' }),
    ]);
    const after = await actingContextOn('2025-03-01');
    expect(after.body).toEqual({ delegations: [], exemptions: [] });

    const id = during.body.delegations[0].id;
    expect(codes(await ss.gql(REVOKE, { id, key: 'karen-revokes' }, asCitizen(karen)))).toEqual(['NOT_FOUND']);
    const revoked = await ss.gql(REVOKE, { id, key: 'ingrid-revokes' }, asCitizen(ingrid));
    expect(revoked.data!.revokeDelegation).toMatchObject({ id, status: 'REVOKED' });
    const retried = await ss.gql(REVOKE, { id, key: 'ingrid-revokes' }, asCitizen(ingrid));
    expect(retried.data).toEqual(revoked.data);
    expect(codes(await ss.gql(REVOKE, { id, key: 'ingrid-revokes-again' }, asCitizen(ingrid)))).toEqual(['CONFLICT']);

    const today = await actingContextOn('2024-03-01');
    expect(today.body.delegations).toEqual([]);
    const history = await ss.gql(DELEGATIONS, { cpr: ingrid }, asCitizen(ingrid));
    expect(history.data!._entities[0].delegationsGranted).toEqual([{ id, status: 'REVOKED', holder: { cpr: mads } }]);
  });
});
