import { LegacyError } from '../../../platform/errors';
import { SelfserviceClient } from './selfserviceClient';
import {
  asCitizen,
  asSystem,
  GRANT_EXEMPTION,
  personaCpr,
  servingCitizen,
  startTestSelfservice,
  TEST_NOW,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

const bent = personaCpr('bent');
const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');

describe('SelfserviceClient (kit) against the running subgraph', () => {
  let ss: TestSelfservice;
  let client: SelfserviceClient;
  beforeAll(async () => {
    ss = await startTestSelfservice();
    client = new SelfserviceClient({ baseUrl: ss.baseUrl, timeoutMs: 2000 });
  });
  afterAll(() => ss.stop());

  it('actingContext returns the subject exemptions in force, with ALL for all authorities', async () => {
    const granted = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME', validFrom: '2024-01-01', validTo: '2025-12-31' }, key: 'client-1' },
      servingCitizen(bent),
    );
    const answer = await client.actingContext(await ss.sign(asSystem(bent), { operation: 'query' }), {
      actorCpr: bent,
      subjectCpr: bent,
      onDate: '2024-03-01',
    });
    expect(answer).toEqual({
      delegations: [],
      exemptions: [{ id: granted.data!.grantExemption.id, authorities: 'ALL', reason: 'NO_INTERNET_AT_HOME', validFrom: '2024-01-01', validTo: '2025-12-31' }],
    });
    ss.clock.set('2026-01-01');
    const later = await client
      .actingContext(await ss.sign(asSystem(bent), { operation: 'query' }), { actorCpr: bent, subjectCpr: bent, onDate: '2026-01-01' })
      .finally(() => ss.clock.set(TEST_NOW));
    expect(later.exemptions).toEqual([]);
  });

  it('recordAccess and recordFiling resolve after the rows are committed', async () => {
    // As the housing subgraph: its own credential, and the context of Mads filing for Ingrid.
    const housing = new SelfserviceClient({ baseUrl: ss.baseUrl, timeoutMs: 2000, credential: ss.credentials.housing });
    const delegate = { ...asCitizen(mads, { cpr: ingrid, grants: [] }), requestId: 'r-1' };
    const context = await ss.sign(delegate, { audience: 'housing', operation: 'mutation' });
    const at = ss.clock.now().toISOString();
    await housing.recordAccess(context, [
      {
        subjectCpr: ingrid,
        actorId: delegate.actor.id,
        actorRole: 'DELEGATE',
        domain: 'housing',
        operation: 'mutation applyForHousingBenefit',
        requestId: 'r-1',
        at,
      },
    ]);
    await housing.recordFiling(context, {
      service: 'housing-benefit',
      channel: 'DELEGATE',
      municipalityCode: '0751',
      subjectCpr: ingrid,
      filedAt: at,
      reference: 'HB-77',
    });
    const { rows } = await ss.sql.query<{ log: number; filings: number }>(
      "SELECT (SELECT count(*) FROM access_log WHERE request_id = 'r-1')::int AS log, (SELECT count(*) FROM filings)::int AS filings",
    );
    expect(rows[0]).toEqual({ log: 1, filings: 1 });
  });

  it('client-unsigned: a forged context is refused as a fault naming selfservice (the caller must fail closed)', async () => {
    const error = await client
      .recordAccess('forged', [
        { subjectCpr: ingrid, actorId: 'x', actorRole: 'CASEWORKER', domain: 'tax', operation: 'q', requestId: 'r', at: '2024-03-01T10:00:00Z' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LegacyError);
    expect(error).toMatchObject({ system: 'selfservice', kind: 'fault', upstreamStatus: 401 });
  });

  it('selfservice-down: a closed port is unavailable', async () => {
    const down = new SelfserviceClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
    await expect(
      down.recordFiling('x', {
        service: 'daycare',
        channel: 'ASSISTED',
        municipalityCode: '0751',
        subjectCpr: ingrid,
        filedAt: '2024-03-01T10:00:00Z',
        reference: 'r',
      }),
    ).rejects.toMatchObject({ system: 'selfservice', kind: 'unavailable' });
  });
});
