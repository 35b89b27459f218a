import { ACT_FOR_HEADER } from '../../gateway/identity/createGatewayContext';
import { PERSONAS, personaCpr } from '../../legacy/population';
import { graphqlCaller, startTestStack, type GraphQLCaller, type GraphQLResponse, type TestStack } from '../support/testStack';

/**
 * Caseworkers are bound to their authority, end to end through the gateway: they read citizens
 * they serve (named in x-act-for, logged) or their authority's caseload (a municipality's
 * residents: for the subgraphs that have no register, the citizen subgraph's answer to the query
 * tells the gateway where they live, or else the gateway looks them up in the register),
 * and exemptions are decided only by the authority responsible, which can read them back.
 */
const INGRID = personaCpr('ingrid'); // Aarhus 0751
const KAREN = personaCpr('karen'); // Aarhus 0751
const MADS = personaCpr('mads'); // Copenhagen 0101
const BENT = personaCpr('bent'); // Læsø 0825

const READ = 'query CaseworkerRead($cpr: CPR!) { citizen(cpr: $cpr) { name { full } housingBenefit { status } } }';
const LIST = 'query CaseworkerList($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { first } housingBenefit { status } } }';
const GRANT =
  'mutation Grant($input: GrantExemptionInput!, $key: ID!) { grantExemption(input: $input, idempotencyKey: $key) { id coversAllAuthorities authorities grantedByAuthority } }';
const REVOKE = 'mutation Revoke($id: ID!, $key: ID!) { revokeExemption(input: { exemptionId: $id }, idempotencyKey: $key) { id status } }';
const RENEW = 'mutation Renew($id: ID!, $key: ID!) { renewExemption(input: { exemptionId: $id, validTo: "2030-12-31" }, idempotencyKey: $key) { id validTo } }';
const LOG = '{ me { accessLog(first: 100) { edges { node { actorId actorRole actorAuthority domain operation requestId } } } } }';

type Body = GraphQLResponse['body'];
const reasons = (body: Body) => (body.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.reason]);
const reasonSet = (body: Body) => new Set((body.errors ?? []).map((e) => `${e.extensions?.code} ${e.extensions?.reason}`));

describe('caseworkers bound to their authority, through the gateway', () => {
  let stack: TestStack;
  /** A persona's token with extra scopes (e.g. the tax agency with exemptions:grant), optionally acting for a citizen. */
  let withScopes: (personaId: string, scopes: string[], actFor?: string) => Promise<GraphQLCaller>;
  const logOf = async (personaId: string) =>
    (await stack.as(personaId)(LOG)).body.data!.me.accessLog.edges.map((e: { node: Record<string, string> }) => e.node);

  beforeAll(async () => {
    stack = await startTestStack();
    withScopes = async (personaId, scopes, actFor) => {
      const persona = PERSONAS.find((p) => p.id === personaId)!;
      const token = await stack.devIssuer.mint({ ...persona, scopes: [...(persona.scopes ?? []), ...scopes] }, 600);
      return (query, variables, headers = {}) =>
        graphqlCaller(stack.gatewayUrl)(query, variables, { authorization: `Bearer ${token}`, ...(actFor ? { [ACT_FOR_HEADER]: actFor } : {}), ...headers });
    };
  }, 60_000);
  afterAll(() => stack?.stop());

  describe('reading citizens', () => {
    it('caseworker-own-caseload-reads: Aarhus reads its resident Ingrid, register and housing, without naming her; each look is logged', async () => {
      const { body } = await stack.as('caseworker-aarhus')(READ, { cpr: INGRID });
      expect(body.errors).toBeUndefined();
      expect(body.data!.citizen).toEqual({ name: { full: 'Ingrid Marie Holm' }, housingBenefit: { status: 'GRANTED' } });
      const log = await logOf('ingrid');
      expect(log).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actorId: 'persona:caseworker-aarhus',
            actorRole: 'CASEWORKER',
            domain: 'CITIZEN',
            operation: expect.stringMatching(/^query CaseworkerRead/),
          }),
          expect.objectContaining({
            actorId: 'persona:caseworker-aarhus',
            actorRole: 'CASEWORKER',
            domain: 'HOUSING',
            operation: expect.stringMatching(/^query CaseworkerRead/),
          }),
        ]),
      );
      // The citizen subgraph's own answer told the gateway where she lives: no separate caseload lookup for housing.
      expect(log.filter((e: { operation: string }) => e.operation === 'query GatewayCaseloadCheck')).toEqual([]);
    });

    it('caseworker-other-municipality-refused: Copenhagen gets nothing of Ingrid without naming her, with a reason', async () => {
      const { status, body } = await stack.as('caseworker-copenhagen')(READ, { cpr: INGRID });
      expect(status).toBe(200);
      expect(body.data!.citizen).toEqual({ name: null, housingBenefit: null });
      expect(reasons(body)).toEqual(
        expect.arrayContaining([
          ['citizen.name', 'FORBIDDEN', 'NOT_IN_CASELOAD'],
          ['citizen.housingBenefit', 'FORBIDDEN', 'NOT_IN_CASELOAD'],
        ]),
      );
      expect(body.errors![0].message).toMatch(/Municipality 0101.*x-act-for/s);
      expect((await logOf('ingrid')).filter((e: { actorId: string }) => e.actorId === 'persona:caseworker-copenhagen')).toEqual([]);
    });

    it("caseworker-list-caseload: Aarhus's list shows its residents' housing, and no one else's", async () => {
      const { body } = await stack.as('caseworker-aarhus')(LIST, { cprs: [INGRID, MADS, KAREN, BENT] });
      const [ingrid, mads, karen, bent] = body.data!.citizens;
      expect(ingrid).toEqual({ cpr: INGRID, name: { first: 'Ingrid' }, housingBenefit: { status: 'GRANTED' } });
      expect(karen.name).toEqual({ first: 'Karen' });
      expect([mads, bent]).toEqual([
        { cpr: MADS, name: null, housingBenefit: null },
        { cpr: BENT, name: null, housingBenefit: null },
      ]);
      expect(reasonSet(body)).toEqual(new Set(['FORBIDDEN NOT_IN_CASELOAD']));
      expect(new Set(body.errors!.map((e) => e.path![1]))).toEqual(new Set([1, 3]));
    });

    it('caseworker-serving-named-citizen-logged: Copenhagen serving Ingrid (x-act-for) reads her, and her log names the caseworker and the check', async () => {
      const { body } = await stack.as('caseworker-copenhagen', INGRID)(READ, { cpr: INGRID });
      expect(body.errors).toBeUndefined();
      expect(body.data!.citizen.housingBenefit).toEqual({ status: 'GRANTED' });
      const mine = (await logOf('ingrid')).filter(
        (e: { requestId: string; actorRole: string; actorId: string; operation: string }) =>
          e.actorId === 'persona:caseworker-copenhagen' || (e.actorRole === 'SYSTEM' && e.operation.includes('Jonas Sagsbehandler')),
      );
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actorRole: 'SYSTEM',
            operation: expect.stringMatching(/caseworker Jonas Sagsbehandler \(municipality:0101\), who serves you/),
          }),
          expect.objectContaining({ actorRole: 'CASEWORKER', actorAuthority: 'municipality:0101', domain: 'CITIZEN' }),
          expect.objectContaining({ actorRole: 'CASEWORKER', actorAuthority: 'municipality:0101', domain: 'HOUSING' }),
        ]),
      );
    });

    it('national-authority-names-the-citizen: Udbetaling Danmark reads Ingrid only when naming her', async () => {
      const unnamed = await stack.as('caseworker-udbetaling')(READ, { cpr: INGRID });
      expect(unnamed.body.data!.citizen).toEqual({ name: null, housingBenefit: null });
      expect(reasonSet(unnamed.body)).toEqual(new Set(['FORBIDDEN CITIZEN_NOT_NAMED']));
      expect(unnamed.body.errors![0].message).toMatch(/^Udbetaling Danmark has no caseload of residents: name the citizen you serve in the x-act-for header/);
      const named = await stack.as('caseworker-udbetaling', INGRID)(READ, { cpr: INGRID });
      expect(named.body.errors).toBeUndefined();
    });
  });

  describe('exemptions', () => {
    it('exemption-change-names-the-citizen: a grant without x-act-for is refused, whoever asks', async () => {
      const { body } = await stack.as('caseworker-aarhus')(GRANT, { input: { citizenCpr: KAREN, reason: 'DISABILITY' }, key: 'e2e-unnamed-1' });
      expect(reasons(body)).toEqual([['grantExemption', 'FORBIDDEN', 'CITIZEN_NOT_NAMED']]);
    });

    it('borgerservice-grants-for-all-authorities: Aarhus, serving its resident Karen, grants for every authority', async () => {
      const { body } = await stack.as('caseworker-aarhus', KAREN)(GRANT, { input: { citizenCpr: KAREN, reason: 'LANGUAGE_DIFFICULTIES' }, key: 'e2e-karen-1' });
      expect(body.errors).toBeUndefined();
      expect(body.data!.grantExemption).toMatchObject({ coversAllAuthorities: true, grantedByAuthority: 'municipality:0751' });
    });

    it('exemption-granted-outside-remit-refused: Aarhus cannot exempt Bent of Læsø; Udbetaling Danmark cannot exempt for every authority', async () => {
      const aarhus = await stack.as('caseworker-aarhus', BENT)(GRANT, { input: { citizenCpr: BENT, reason: 'DISABILITY' }, key: 'e2e-aarhus-bent-1' });
      expect(reasons(aarhus.body)).toEqual([['grantExemption', 'FORBIDDEN', 'OUTSIDE_REMIT']]);
      const udk = await stack.as('caseworker-udbetaling', INGRID)(GRANT, { input: { citizenCpr: INGRID, reason: 'DISABILITY' }, key: 'e2e-udk-ingrid-1' });
      expect(reasons(udk.body)).toEqual([['grantExemption', 'FORBIDDEN', 'OUTSIDE_REMIT']]);
      const own = await stack.as('caseworker-udbetaling', INGRID)(GRANT, {
        input: { citizenCpr: INGRID, reason: 'DISABILITY', authority: 'udbetaling-danmark' },
        key: 'e2e-udk-ingrid-2',
      });
      expect(own.body.data!.grantExemption).toMatchObject({ authorities: ['udbetaling-danmark'], grantedByAuthority: 'udbetaling-danmark' });
    });

    it("tax-agency-cannot-exempt-municipal-service: the tax agency, even with the grant scope and serving Ingrid, cannot exempt her from Aarhus's services", async () => {
      const tax = await withScopes('caseworker-tax', ['exemptions:grant'], INGRID);
      const { body } = await tax(GRANT, { input: { citizenCpr: INGRID, reason: 'NO_DIGITAL_ID', authority: 'municipality:0751' }, key: 'e2e-tax-ingrid-1' });
      expect(reasons(body)).toEqual([['grantExemption', 'FORBIDDEN', 'OUTSIDE_REMIT']]);
      expect(body.errors![0].message).toMatch(/^The tax agency serves preliminary income assessment; Municipality 0751 serves/);
    });

    it("exemption-revoked-by-other-municipality-refused, and granting-authority-reads-its-exemptions: Aarhus finds Ingrid's exemption by reading, renews and revokes it; Copenhagen cannot", async () => {
      const granted = await stack.as('caseworker-aarhus', INGRID)(GRANT, {
        input: { citizenCpr: INGRID, reason: 'LACKING_DIGITAL_SKILLS' },
        key: 'e2e-ingrid-1',
      });
      expect(granted.body.errors).toBeUndefined();

      // Aarhus holds exemptions:grant but not selfservice:read: it reads what it decides, for its resident, without naming her.
      const read = await stack.as('caseworker-aarhus')(
        'query($cpr: CPR!) { citizen(cpr: $cpr) { exemptions { active { id coversAllAuthorities grantedByAuthority } } } }',
        { cpr: INGRID },
      );
      expect(read.body.errors).toBeUndefined();
      const found = read.body.data!.citizen.exemptions.active.find(
        (e: { coversAllAuthorities: boolean; grantedByAuthority: string }) => e.coversAllAuthorities && e.grantedByAuthority === 'municipality:0751',
      );
      expect(found.id).toBe(granted.body.data!.grantExemption.id);

      const copenhagen = await stack.as('caseworker-copenhagen', INGRID)(REVOKE, { id: found.id, key: 'e2e-kbh-revoke-1' });
      expect(reasons(copenhagen.body)).toEqual([['revokeExemption', 'FORBIDDEN', 'OUTSIDE_REMIT']]);
      const copenhagenReads = await stack.as('caseworker-copenhagen')('query($cpr: CPR!) { citizen(cpr: $cpr) { exemptions { active { id } } } }', {
        cpr: INGRID,
      });
      expect(reasons(copenhagenReads.body)).toEqual([['citizen.exemptions', 'FORBIDDEN', 'NOT_IN_CASELOAD']]);

      const renewed = await stack.as('caseworker-aarhus', INGRID)(RENEW, { id: found.id, key: 'e2e-aarhus-renew-1' });
      expect(renewed.body.data!.renewExemption).toEqual({ id: found.id, validTo: '2030-12-31' });
      const revoked = await stack.as('caseworker-aarhus', INGRID)(REVOKE, { id: found.id, key: 'e2e-aarhus-revoke-1' });
      expect(revoked.body.data!.revokeExemption).toEqual({ id: found.id, status: 'REVOKED' });
    });
  });
});
