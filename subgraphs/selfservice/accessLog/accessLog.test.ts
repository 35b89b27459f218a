import { AccessLogStore } from './accessLogStore';
import { asCaseworker, asCitizen, codes, personaCpr, startTestSelfservice, type TestSelfservice } from '../../../test/support/selfserviceTestSupport';

const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');
const karen = personaCpr('karen');

const LOG = `query($cpr: CPR!, $first: Int, $after: String) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
  accessLog(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { at actorId actorRole actorAuthority domain operation requestId } } } } } }`;

function entry(minute: number, overrides: Record<string, unknown> = {}) {
  return {
    subjectCpr: ingrid,
    actorId: 'caseworker-aarhus',
    actorRole: 'CASEWORKER',
    actorAuthority: 'municipality:0751',
    domain: 'housing',
    operation: 'query CaseOverview',
    requestId: `req-${minute}`,
    at: `2024-02-20T09:${String(minute).padStart(2, '0')}:00.000Z`,
    ...overrides,
  };
}

describe('access log ("Min Log")', () => {
  let ss: TestSelfservice;
  // A caseworker's request reading three citizens of the caseload, as the housing subgraph logs it.
  const caseworkerRead = {
    ...asCaseworker(['housing:read'], 'municipality:0751', 'caseworker-aarhus'),
    requestId: 'req-batch',
    at: '2024-03-01T10:00:00.000Z',
    today: '2024-03-01',
  };
  const batchEntry = (subjectCpr: string) => ({ ...entry(0), subjectCpr, requestId: 'req-batch', at: caseworkerRead.at });

  beforeAll(async () => {
    ss = await startTestSelfservice();
    // Ingrid's log, as three earlier requests wrote it.
    await new AccessLogStore(ss.sql).append(
      [
        entry(1),
        entry(2),
        entry(3, { actorId: `sub-${mads}`, actorRole: 'DELEGATE', actorAuthority: undefined, domain: 'housing', operation: 'mutation fileHousingBenefit' }),
      ] as never,
      ss.clock.now(),
    );
  });
  afterAll(() => ss.stop());

  it('writes a batch in one INSERT statement and answers 204 after commit', async () => {
    ss.queries.length = 0;
    const answer = await ss.post('/internal/access-log', { entries: [batchEntry(karen), batchEntry(mads)] }, caseworkerRead, { service: 'housing' });
    expect(answer.status).toBe(204);
    expect(ss.queries.filter((q) => q.text.includes('INSERT INTO access_log'))).toHaveLength(1);
    expect(ss.queries).toHaveLength(1);
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log WHERE request_id = $1', ['req-batch']);
    expect(rows[0].n).toBe(2);
  });

  it('the citizen reads their own log, newest first, page by page', async () => {
    const first = await ss.gql(LOG, { cpr: ingrid, first: 2 }, asCitizen(ingrid));
    expect(first.errors).toBeUndefined();
    const log = first.data!._entities[0].accessLog;
    expect(log.totalCount).toBe(3);
    expect(log.pageInfo.hasNextPage).toBe(true);
    expect(log.edges.map((e: any) => e.node)).toEqual([
      {
        at: '2024-02-20T09:03:00.000Z',
        actorId: `sub-${mads}`,
        actorRole: 'DELEGATE',
        actorAuthority: null,
        domain: 'HOUSING',
        operation: 'mutation fileHousingBenefit',
        requestId: 'req-3',
      },
      {
        at: '2024-02-20T09:02:00.000Z',
        actorId: 'caseworker-aarhus',
        actorRole: 'CASEWORKER',
        actorAuthority: 'municipality:0751',
        domain: 'HOUSING',
        operation: 'query CaseOverview',
        requestId: 'req-2',
      },
    ]);
    const second = await ss.gql(LOG, { cpr: ingrid, first: 2, after: log.pageInfo.endCursor }, asCitizen(ingrid));
    const rest = second.data!._entities[0].accessLog;
    expect(rest.edges.map((e: any) => e.node.requestId)).toEqual(['req-1']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('access-log-forbidden: another citizen, a delegate and a caseworker without selfservice:read get FORBIDDEN', async () => {
    const delegate = asCitizen(mads, { cpr: ingrid, grants: [{ domain: 'selfservice', actions: ['read'] }] });
    for (const context of [asCitizen(karen), delegate, asCaseworker(['housing:read'])]) {
      const answer = await ss.gql(LOG, { cpr: ingrid }, context);
      expect(answer.data!._entities[0].accessLog).toBeNull();
      expect(codes(answer)).toEqual(['FORBIDDEN']);
    }
  });

  it("caseworker-reads-log-is-logged: a caseworker with selfservice:read may read it (Ingrid is in Aarhus's caseload), and finds their own look in it", async () => {
    const answer = await ss.gql(LOG, { cpr: ingrid, first: 1 }, { ...asCaseworker(['selfservice:read']), citizenMunicipalities: { [ingrid]: '0751' } });
    expect(answer.data!._entities[0].accessLog.totalCount).toBe(4);
    expect(answer.data!._entities[0].accessLog.edges[0].node).toMatchObject({
      actorRole: 'CASEWORKER',
      domain: 'SELFSERVICE',
      actorAuthority: 'municipality:0751',
    });
  });

  it('access-log-bad-page: first over 100 and a forged cursor are BAD_USER_INPUT', async () => {
    expect(codes(await ss.gql(LOG, { cpr: ingrid, first: 101 }, asCitizen(ingrid)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ss.gql(LOG, { cpr: ingrid, after: 'bm90LWEtY3Vyc29y' }, asCitizen(ingrid)))).toEqual(['BAD_USER_INPUT']);
  });

  it('access-log-bad-entry: a malformed entry is 400 and nothing is written', async () => {
    const answer = await ss.post('/internal/access-log', { entries: [batchEntry(karen), { ...batchEntry(mads), domain: 'weather' }] }, caseworkerRead, {
      service: 'housing',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('entries[1].domain');
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log');
    expect(rows[0].n).toBe(6);
  });
});
