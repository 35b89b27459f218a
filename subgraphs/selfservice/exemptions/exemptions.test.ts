import {
  AARHUS_GRANTER,
  asCaseworker,
  asCitizen,
  codes,
  GRANT_EXEMPTION,
  personaCpr,
  servingCitizen,
  startTestSelfservice,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

const bent = personaCpr('bent');
const ingrid = personaCpr('ingrid');
/** Bent's municipality (Læsø) serving him at the counter: the authority that decides his exemptions. */
const LAESOE_SERVING_BENT = servingCitizen(bent);

const EXEMPTIONS = `query($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
  exemptions { active { id status } history { id status validTo events { kind validTo note } } } } } }`;

describe('exemptions over GraphQL (PostgreSQL)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());

  it('grants for the default two years, renews, revokes, and keeps the history', async () => {
    const granted = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME' }, key: 'grant-bent-1' }, LAESOE_SERVING_BENT);
    expect(granted.errors).toBeUndefined();
    const exemption = granted.data!.grantExemption;
    expect(exemption).toMatchObject({
      reason: 'NO_INTERNET_AT_HOME',
      coversAllAuthorities: true,
      authorities: [],
      validFrom: '2024-03-01',
      validTo: '2026-03-01',
      status: 'ACTIVE',
      grantedByAuthority: 'municipality:0825',
      events: [{ kind: 'GRANTED', validTo: '2026-03-01', actorAuthority: 'municipality:0825' }],
    });

    const renewed = await ss.gql(
      `mutation($input: RenewExemptionInput!) { renewExemption(input: $input, idempotencyKey: "renew-bent-1") { validTo status } }`,
      { input: { exemptionId: exemption.id, validTo: '2027-12-31', note: 'still no line' } },
      LAESOE_SERVING_BENT,
    );
    expect(renewed.data).toEqual({ renewExemption: { validTo: '2027-12-31', status: 'ACTIVE' } });

    const revoked = await ss.gql(
      `mutation($input: RevokeExemptionInput!) { revokeExemption(input: $input, idempotencyKey: "revoke-bent-1") { status revokedAt } }`,
      { input: { exemptionId: exemption.id } },
      LAESOE_SERVING_BENT,
    );
    expect(revoked.data!.revokeExemption.status).toBe('REVOKED');

    const again = await ss.gql(
      `mutation($input: RevokeExemptionInput!) { revokeExemption(input: $input, idempotencyKey: "revoke-bent-2") { status } }`,
      { input: { exemptionId: exemption.id } },
      LAESOE_SERVING_BENT,
    );
    expect(codes(again)).toEqual(['CONFLICT']);

    const read = await ss.gql(EXEMPTIONS, { cpr: bent }, asCitizen(bent));
    expect(read.data!._entities[0].exemptions).toEqual({
      active: [],
      history: [
        {
          id: exemption.id,
          status: 'REVOKED',
          validTo: '2027-12-31',
          events: [
            { kind: 'GRANTED', validTo: '2026-03-01', note: null },
            { kind: 'RENEWED', validTo: '2027-12-31', note: 'still no line' },
            { kind: 'REVOKED', validTo: '2027-12-31', note: null },
          ],
        },
      ],
    });
  });

  it('grants for one authority, open-ended, and shows it active to the citizen', async () => {
    const granted = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: ingrid, reason: 'LACKING_DIGITAL_SKILLS', authority: 'udbetaling-danmark', openEnded: true }, key: 'grant-ingrid-1' },
      servingCitizen(ingrid),
    );
    expect(granted.data!.grantExemption).toMatchObject({ coversAllAuthorities: false, authorities: ['udbetaling-danmark'], validTo: null });
    const read = await ss.gql(EXEMPTIONS, { cpr: ingrid }, asCitizen(ingrid));
    expect(read.data!._entities[0].exemptions.active).toEqual([{ id: granted.data!.grantExemption.id, status: 'ACTIVE' }]);
  });

  it('exemption-grant-refused-without-scope: a caseworker without exemptions:grant, and a citizen, are FORBIDDEN', async () => {
    const input = { citizenCpr: bent, reason: 'DISABILITY' };
    expect(codes(await ss.gql(GRANT_EXEMPTION, { input, key: 'k-noscope' }, asCaseworker(['citizen:read', 'selfservice:read'])))).toEqual(['FORBIDDEN']);
    expect(codes(await ss.gql(GRANT_EXEMPTION, { input, key: 'k-citizen' }, asCitizen(bent)))).toEqual(['FORBIDDEN']);
    const { rows } = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM exemptions WHERE reason = $1', ['DISABILITY']);
    expect(rows[0].n).toBe(0);
  });

  it('exemption-bad-input: unknown authority, end before start, validTo with openEnded', async () => {
    const bad = [
      { citizenCpr: bent, reason: 'DISABILITY', authority: 'the-king' },
      { citizenCpr: bent, reason: 'DISABILITY', validFrom: '2024-05-01', validTo: '2024-04-01' },
      { citizenCpr: bent, reason: 'DISABILITY', validTo: '2025-01-01', openEnded: true },
    ];
    for (const [i, input] of bad.entries())
      expect(codes(await ss.gql(GRANT_EXEMPTION, { input, key: `bad-${i}` }, AARHUS_GRANTER))).toEqual(['BAD_USER_INPUT']);
  });

  it('exemptions-read-forbidden: another citizen may not read them; the field is null with FORBIDDEN', async () => {
    const answer = await ss.gql(EXEMPTIONS, { cpr: bent }, asCitizen(ingrid));
    expect(answer.data!._entities[0].exemptions).toBeNull();
    expect(codes(answer)).toEqual(['FORBIDDEN']);
  });

  it('renewing an unknown exemption is NOT_FOUND', async () => {
    const answer = await ss.gql(
      `mutation { renewExemption(input: { exemptionId: "8b0c1c39-2f6a-4c55-9d1e-000000000000" }, idempotencyKey: "renew-none") { id } }`,
      {},
      AARHUS_GRANTER,
    );
    expect(codes(answer)).toEqual(['NOT_FOUND']);
  });
});

describe('idempotent mutations over GraphQL', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());
  const count = async () => (await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM exemptions')).rows[0].n;

  it('same key twice: one exemption, the same answer', async () => {
    const variables = { input: { citizenCpr: bent, reason: 'NO_FIXED_ADDRESS' }, key: 'retry-1' };
    const first = await ss.gql(GRANT_EXEMPTION, variables, LAESOE_SERVING_BENT);
    const second = await ss.gql(GRANT_EXEMPTION, variables, LAESOE_SERVING_BENT);
    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(await count()).toBe(1);
  });

  it('idempotency-key-reused: same key, different input', async () => {
    const answer = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: bent, reason: 'DISABILITY' }, key: 'retry-1' }, LAESOE_SERVING_BENT);
    expect(codes(answer)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await count()).toBe(1);
  });

  it('ten concurrent calls with one key: one exemption, ten identical answers', async () => {
    const variables = { input: { citizenCpr: ingrid, reason: 'LANGUAGE_DIFFICULTIES' }, key: 'concurrent-1' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => ss.gql(GRANT_EXEMPTION, variables, servingCitizen(ingrid))));
    expect(answers.flatMap(codes)).toEqual([]);
    expect(new Set(answers.map((a) => a.data!.grantExemption.id)).size).toBe(1);
    expect(await count()).toBe(2);
    const events = await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM exemption_events WHERE exemption_id = $1', [
      answers[0].data!.grantExemption.id,
    ]);
    expect(events.rows[0].n).toBe(1);
  });

  it('keys are scoped to the caseworker: another caseworker with the same key gets a fresh grant', async () => {
    const other = servingCitizen(bent, { id: 'caseworker-laesoe-2' });
    const answer = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: bent, reason: 'NO_FIXED_ADDRESS' }, key: 'retry-1' }, other);
    expect(answer.data!.grantExemption.grantedByAuthority).toBe('municipality:0825');
    expect(await count()).toBe(3);
  });
});
