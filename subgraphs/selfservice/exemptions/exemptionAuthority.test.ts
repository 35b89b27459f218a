import {
  asCaseworker,
  GRANT_EXEMPTION,
  personaCpr,
  servingCitizen,
  startTestSelfservice,
  type TestSelfservice,
} from '../../../test/support/selfserviceTestSupport';

/**
 * Exemptions are decided by the responsible authority only (exemptionRemit.ts), for the citizen
 * it serves, and that authority can read back what it decides: over GraphQL, on PostgreSQL.
 */
const ingrid = personaCpr('ingrid'); // Aarhus, 0751
const bent = personaCpr('bent'); // Læsø, 0825
const karen = personaCpr('karen');

const REVOKE = 'mutation($input: RevokeExemptionInput!, $key: ID!) { revokeExemption(input: $input, idempotencyKey: $key) { id status } }';
const RENEW = 'mutation($input: RenewExemptionInput!, $key: ID!) { renewExemption(input: $input, idempotencyKey: $key) { id validTo } }';
const EXEMPTIONS = `query ReadExemptions($cpr: CPR!) { _entities(representations: [{ __typename: "Citizen", cpr: $cpr }]) { ... on Citizen {
  exemptions { active { id authorities coversAllAuthorities } history { id } } } } }`;
const reasons = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (answer.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.reason]);

describe('who decides an exemption (GraphQL)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => {
    ss = await startTestSelfservice();
  });
  afterAll(() => ss.stop());
  const rows = async (cpr: string) => (await ss.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM exemptions WHERE citizen_cpr = $1', [cpr])).rows[0].n;

  it('exemption-change-names-the-citizen: without x-act-for naming the citizen, nothing is granted', async () => {
    const unnamed = asCaseworker(['exemptions:grant'], 'municipality:0751');
    expect(reasons(await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: karen, reason: 'DISABILITY' }, key: 'unnamed-1' }, unnamed))).toEqual([
      ['FORBIDDEN', 'CITIZEN_NOT_NAMED'],
    ]);
    const servingSomeoneElse = servingCitizen(ingrid);
    expect(reasons(await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: karen, reason: 'DISABILITY' }, key: 'unnamed-2' }, servingSomeoneElse))).toEqual([
      ['FORBIDDEN', 'CITIZEN_NOT_NAMED'],
    ]);
    expect(await rows(karen)).toBe(0);
  });

  it('exemption-granted-outside-remit-refused: Aarhus cannot exempt a citizen of Læsø, even serving him', async () => {
    const aarhusServingBent = servingCitizen(bent, { authority: 'municipality:0751' });
    const answer = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME' }, key: 'aarhus-bent-1' }, aarhusServingBent);
    expect(reasons(answer)).toEqual([['FORBIDDEN', 'OUTSIDE_REMIT']]);
    expect(answer.errors![0].message).toMatch(/not a resident of Municipality 0751/);
    expect(await rows(bent)).toBe(0);
  });

  it('borgerservice-grants-for-all-authorities: Læsø grants Bent an exemption for every authority, and one for Udbetaling Danmark', async () => {
    const all = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: bent, reason: 'NO_INTERNET_AT_HOME' }, key: 'laesoe-bent-1' }, servingCitizen(bent));
    expect(all.errors).toBeUndefined();
    expect(all.data!.grantExemption).toMatchObject({ coversAllAuthorities: true, grantedByAuthority: 'municipality:0825' });
    const one = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: bent, reason: 'DISABILITY', authority: 'udbetaling-danmark' }, key: 'laesoe-bent-2' },
      servingCitizen(bent),
    );
    expect(one.data!.grantExemption).toMatchObject({ coversAllAuthorities: false, authorities: ['udbetaling-danmark'] });
  });

  it('tax-agency-cannot-exempt-municipal-service: the tax agency exempts from its own services only', async () => {
    const tax = servingCitizen(ingrid, { authority: 'agency:tax', id: 'caseworker-tax' });
    const municipal = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: ingrid, reason: 'LANGUAGE_DIFFICULTIES', authority: 'municipality:0751' }, key: 'tax-ingrid-1' },
      tax,
    );
    expect(reasons(municipal)).toEqual([['FORBIDDEN', 'OUTSIDE_REMIT']]);
    expect(municipal.errors![0].message).toMatch(/^The tax agency serves preliminary income assessment; Municipality 0751 serves change of address/);
    const everyAuthority = await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: ingrid, reason: 'LANGUAGE_DIFFICULTIES' }, key: 'tax-ingrid-2' }, tax);
    expect(reasons(everyAuthority)).toEqual([['FORBIDDEN', 'OUTSIDE_REMIT']]);
    expect(await rows(ingrid)).toBe(0);
    const own = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: ingrid, reason: 'LANGUAGE_DIFFICULTIES', authority: 'agency:tax' }, key: 'tax-ingrid-3' },
      tax,
    );
    expect(own.data!.grantExemption).toMatchObject({ authorities: ['agency:tax'], grantedByAuthority: 'agency:tax' });
  });

  it('exemption-revoked-by-other-municipality-refused: Copenhagen cannot renew or revoke what Aarhus granted its resident', async () => {
    const granted = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: ingrid, reason: 'LACKING_DIGITAL_SKILLS' }, key: 'aarhus-ingrid-1' },
      servingCitizen(ingrid),
    );
    const id = granted.data!.grantExemption.id;
    const copenhagen = servingCitizen(ingrid, { authority: 'municipality:0101', id: 'caseworker-copenhagen' });
    expect(reasons(await ss.gql(REVOKE, { input: { exemptionId: id }, key: 'kbh-revoke-1' }, copenhagen))).toEqual([['FORBIDDEN', 'OUTSIDE_REMIT']]);
    expect(reasons(await ss.gql(RENEW, { input: { exemptionId: id, validTo: '2030-01-01' }, key: 'kbh-renew-1' }, copenhagen))).toEqual([
      ['FORBIDDEN', 'OUTSIDE_REMIT'],
    ]);
    // Naming another citizen than the exemption's does not open it either.
    expect(reasons(await ss.gql(REVOKE, { input: { exemptionId: id }, key: 'aarhus-revoke-karen' }, servingCitizen(karen)))).toEqual([
      ['FORBIDDEN', 'CITIZEN_NOT_NAMED'],
    ]);
    const events = await ss.sql.query<{ kind: string }>('SELECT kind FROM exemption_events WHERE exemption_id = $1', [id]);
    expect(events.rows.map((r) => r.kind)).toEqual(['GRANTED']);
    // The tax agency may not revoke an exemption covering every authority either.
    expect(
      reasons(
        await ss.gql(REVOKE, { input: { exemptionId: id }, key: 'tax-revoke-1' }, servingCitizen(ingrid, { authority: 'agency:tax', id: 'caseworker-tax' })),
      ),
    ).toEqual([['FORBIDDEN', 'OUTSIDE_REMIT']]);
    const revoked = await ss.gql(REVOKE, { input: { exemptionId: id }, key: 'aarhus-revoke-1' }, servingCitizen(ingrid));
    expect(revoked.data!.revokeExemption.status).toBe('REVOKED');
  });

  it('municipality-unknown: when the register could not say where the citizen lives, a municipality decides nothing', async () => {
    const blind = servingCitizen(karen, { authority: 'municipality:0751', municipalityCode: '' });
    expect(
      reasons(
        await ss.gql(GRANT_EXEMPTION, { input: { citizenCpr: karen, reason: 'DISABILITY' }, key: 'blind-1' }, { ...blind, subjectMunicipalityCode: undefined }),
      ),
    ).toEqual([['FORBIDDEN', 'MUNICIPALITY_UNKNOWN']]);
  });

  it('granting-authority-reads-its-exemptions: the grant scope reads what its authority decides, and renews by the id it read', async () => {
    const granted = await ss.gql(
      GRANT_EXEMPTION,
      { input: { citizenCpr: ingrid, reason: 'NO_DIGITAL_ID', validTo: '2025-06-30' }, key: 'aarhus-ingrid-2' },
      servingCitizen(ingrid),
    );
    expect(granted.errors).toBeUndefined();
    // Aarhus, grant scope only (no selfservice:read), its caseload as the gateway looked it up: every exemption of its resident.
    const aarhusCaseload = { ...asCaseworker(['exemptions:grant'], 'municipality:0751', 'caseworker-aarhus-2'), citizenMunicipalities: { [ingrid]: '0751' } };
    const read = await ss.gql(EXEMPTIONS, { cpr: ingrid }, aarhusCaseload);
    expect(read.errors).toBeUndefined();
    const active = read.data!._entities[0].exemptions.active as { id: string; authorities: string[] }[];
    expect(active.map((e) => e.authorities)).toEqual(expect.arrayContaining([[], ['agency:tax']]));
    const mine = active.find((e) => e.id === granted.data!.grantExemption.id)!;
    const renewed = await ss.gql(RENEW, { input: { exemptionId: mine.id, validTo: '2027-06-30' }, key: 'aarhus-renew-2' }, servingCitizen(ingrid));
    expect(renewed.data!.renewExemption).toEqual({ id: mine.id, validTo: '2027-06-30' });
    // The read is in Ingrid's log.
    const logged = await ss.sql.query<{ actor_role: string; operation: string }>(
      'SELECT actor_role, operation FROM access_log WHERE subject_cpr = $1 AND actor_id = $2',
      [ingrid, 'caseworker-aarhus-2'],
    );
    expect(logged.rows).toEqual([{ actor_role: 'CASEWORKER', operation: 'query ReadExemptions' }]);

    // The tax agency, serving her: only the exemption it decides (its own), not Aarhus's for every authority.
    const tax = await ss.gql(
      EXEMPTIONS,
      { cpr: ingrid },
      servingCitizen(ingrid, { authority: 'agency:tax', id: 'caseworker-tax', scopes: ['exemptions:grant'] }),
    );
    expect(tax.data!._entities[0].exemptions.history).toHaveLength(1);
    expect(tax.data!._entities[0].exemptions.active.map((e: { authorities: string[] }) => e.authorities)).toEqual([['agency:tax']]);

    // Copenhagen, neither serving her nor with her in its caseload: FORBIDDEN with the reason.
    const copenhagen = await ss.gql(EXEMPTIONS, { cpr: ingrid }, asCaseworker(['exemptions:grant'], 'municipality:0101', 'caseworker-copenhagen'));
    expect(copenhagen.data!._entities[0].exemptions).toBeNull();
    expect(reasons(copenhagen)).toEqual([['FORBIDDEN', 'NOT_IN_CASELOAD']]);
  });
});
