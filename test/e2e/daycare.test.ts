import { personaCpr } from '../../legacy/population';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The fifth system through the gateway: the daycare subgraph, onboarded with `npm run onboard`
 * (docs/onboarding.md), files the catalogue's daycare service. Parents apply for their children
 * under 15 by custody, which the gateway resolves from the register; the place is then in the graph.
 */
const FREJA = personaCpr('freja');
const MADS = personaCpr('mads');
const APPLY = `mutation Apply($input: DaycarePlaceApplicationInput!, $key: ID!) {
  applyForDaycarePlace(input: $input, idempotencyKey: $key) { reference status waitingListPosition channel exemptionUsed child { cpr daycare { status offer } } } }`;
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('daycare through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it("daycare-parent-files-for-child: Karen applies for Freja (12) by custody; the place is in the graph and in Freja's access log", async () => {
    const { body } = await stack.as('karen', FREJA)(APPLY, {
      input: { childCpr: FREJA, offer: 'YOUTH_CLUB', wantedFrom: '2027-01-04' },
      key: 'karen-freja-daycare-1',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.applyForDaycarePlace).toEqual({
      reference: expect.stringMatching(/^DAG\d{10}$/),
      status: 'WAITING',
      waitingListPosition: expect.any(Number),
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
      child: { cpr: FREJA, daycare: { status: 'WAITING', offer: 'YOUTH_CLUB' } },
    });
    const read = await stack.as('karen', FREJA)('query($cpr: CPR!) { citizen(cpr: $cpr) { name { full } daycare { status offer waitingListPosition } } }', {
      cpr: FREJA,
    });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.citizen.daycare).toEqual({
      status: 'WAITING',
      offer: 'YOUTH_CLUB',
      waitingListPosition: body.data!.applyForDaycarePlace.waitingListPosition,
    });
    const { rows } = await stack.storeSql.query<{ actor_role: string; domain: string; operation: string }>(
      'SELECT actor_role, domain, operation FROM access_log WHERE subject_cpr = $1',
      [FREJA],
    );
    expect(rows).toContainEqual({ actor_role: 'CUSTODIAN', domain: 'daycare', operation: 'mutation applyForDaycarePlace' });
    const filings = await stack.storeSql.query<{ service: string; channel: string }>('SELECT service, channel FROM filings WHERE subject_cpr = $1', [FREJA]);
    expect(filings.rows).toEqual([{ service: 'daycare', channel: 'DIGITAL_SELF_SERVICE' }]);
  });

  it('daycare-child-over-15-refused: for Mads (25) Karen has no custody, so the gateway refuses before any subgraph', async () => {
    const { status, body } = await stack.as('karen', MADS)(APPLY, {
      input: { childCpr: MADS, offer: 'NURSERY', wantedFrom: '2027-01-04' },
      key: 'karen-mads-daycare-1',
    });
    expect(status).toBe(403);
    expect(codes(body)).toEqual(['FORBIDDEN']);
  });

  it('the public catalogue shows daycare filed by the daycare subgraph, in the daycare domain', async () => {
    const { body } = await stack.graphql('{ services { code domain mandatoryDigitalSince filing { via mutation } } }');
    expect(body.data!.services.find((s: { code: string }) => s.code === 'daycare')).toEqual({
      code: 'daycare',
      domain: 'DAYCARE',
      mandatoryDigitalSince: '2012-12-01',
      filing: { via: 'daycare', mutation: 'applyForDaycarePlace' },
    });
  });
});
