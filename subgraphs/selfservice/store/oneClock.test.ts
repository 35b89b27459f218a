import { PinnedClock } from '../../../platform/clock';
import { asCitizen, GRANT_DELEGATION, personaCpr, startTestSelfservice, type TestSelfservice } from '../../../test/support/selfserviceTestSupport';

const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');

/**
 * One request, one date: selfservice judges and stamps a request by the instant and Danish date
 * the gateway signed into its caller context, never by its own clock. Here the request starts at
 * 23:59:58 in Denmark and reaches selfservice at 00:00:05 the next day.
 */
describe('a request that crosses midnight (Danish time)', () => {
  const BEFORE_MIDNIGHT = { at: '2026-11-26T22:59:58.000Z', today: '2026-11-26' };
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice({ clock: new PinnedClock('2026-11-26T23:00:05.000Z') });
  });
  afterAll(() => ss.stop());

  it("request-crosses-midnight: a delegation defaults to the request's day and carries its instant", async () => {
    const granted = await ss.gql(
      GRANT_DELEGATION,
      {
        input: { holderCpr: mads, services: ['housing-benefit'], actions: ['READ'], validTo: '2027-06-30' },
        key: 'midnight-1',
      },
      { ...asCitizen(ingrid), ...BEFORE_MIDNIGHT },
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantDelegation).toMatchObject({ validFrom: '2026-11-26', status: 'ACTIVE' });
    const { rows } = await ss.sql.query<{ created_at: Date }>('SELECT created_at FROM delegations WHERE id = $1::uuid', [granted.data!.grantDelegation.id]);
    expect(rows[0].created_at.toISOString()).toBe(BEFORE_MIDNIGHT.at);
    const { rows: keys } = await ss.sql.query<{ created_at: Date }>("SELECT created_at FROM idempotency_keys WHERE key = 'midnight-1'");
    expect(keys[0].created_at.toISOString()).toBe(BEFORE_MIDNIGHT.at);
  });

  it("access-log-entry-keeps-request-instant: the entry's at is the request's; recorded_at is when the store wrote it", async () => {
    const entry = {
      subjectCpr: ingrid,
      actorId: 'persona:mads',
      actorRole: 'DELEGATE',
      domain: 'housing',
      operation: 'query Overview',
      requestId: 'midnight-read',
      at: BEFORE_MIDNIGHT.at,
    };
    const delegate = { ...asCitizen(mads, { cpr: ingrid, grants: [] }), requestId: 'midnight-read', ...BEFORE_MIDNIGHT };
    const written = await ss.post('/internal/access-log', { entries: [{ ...entry, actorId: delegate.actor.id }] }, delegate, { service: 'housing' });
    expect(written.status).toBe(204);
    const { rows } = await ss.sql.query<{ at: Date; recorded_at: Date }>("SELECT at, recorded_at FROM access_log WHERE request_id = 'midnight-read'");
    expect(rows.map((r) => [r.at.toISOString(), r.recorded_at.toISOString()])).toEqual([[BEFORE_MIDNIGHT.at, '2026-11-26T23:00:05.000Z']]);
  });
});
