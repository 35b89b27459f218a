import { personaCpr } from '../../legacy/population';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * Public data and the federation's own authorization directives, end to end: the service
 * catalogue answers without a token; everything marked @authenticated (Citizen and all that is
 * reachable from it, Query.me/actingFor/citizen/citizens, every mutation) is refused before any
 * subgraph is called; uptake needs the scope uptake:read (@requiresScopes). The gateway refuses
 * the whole operation: 401 UNAUTHENTICATED without a token, 403 FORBIDDEN without the scope.
 */
const INGRID = personaCpr('ingrid');
const CATALOGUE = '{ services { code nameEn mandatoryDigital delegable } serviceCatalogue { version effectiveDate } }';
const UPTAKE = '{ uptake(from: "2026-11-01", to: "2026-11-26") { total { total } exemptionsInForce } }';
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('public data', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  /** What `curl -s $GATEWAY -H 'content-type: application/json' -d '{"query": ...}'` sends: no token. */
  const anonymous = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] },
    };
  };

  it('public-catalogue-without-token: the service catalogue answers without a token, and no legacy system is asked', async () => {
    stack.standIns.cpr.resetCalls();
    const { status, body } = await anonymous(CATALOGUE);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.serviceCatalogue.version).toEqual(expect.any(String));
    expect(body.data!.services).toContainEqual(expect.objectContaining({ code: 'housing-benefit', mandatoryDigital: true }));
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('public-catalogue-without-token: introspection and __typename still run anonymously', async () => {
    expect((await anonymous('{ __typename __schema { queryType { name } } }')).body).toEqual({
      data: { __typename: 'Query', __schema: { queryType: { name: 'Query' } } },
    });
  });

  describe('personal-field-without-token-refused: 401 UNAUTHENTICATED, the whole operation, before any subgraph is called', () => {
    const cases: [string, string, Record<string, unknown> | undefined, string[]][] = [
      ['Query.me', '{ me { name { full } } }', undefined, ['Query.me', 'Citizen.name', 'PersonName.full']],
      ['Query.citizen, asking only the CPR number back', 'query($cpr: CPR!) { citizen(cpr: $cpr) { cpr } }', { cpr: INGRID }, ['Query.citizen', 'Citizen.cpr']],
      ['Query.citizens', 'query($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr } }', { cprs: [INGRID] }, ['Query.citizens', 'Citizen.cpr']],
      [
        'Query.actingFor through a named fragment',
        'query { ...Who } fragment Who on Query { actingFor { housingBenefit { status } } }',
        undefined,
        ['Query.actingFor', 'Citizen.housingBenefit', 'HousingBenefit.status'],
      ],
      [
        'a fragment on Citizen spread inside an inline fragment',
        'query($cpr: CPR!) { ... on Query { citizen(cpr: $cpr) { ...Tax } } } fragment Tax on Citizen { preliminaryIncomeAssessment(year: 2026) { status } }',
        { cpr: INGRID },
        ['Query.citizen', 'Citizen.preliminaryIncomeAssessment', 'PreliminaryIncomeAssessment.status'],
      ],
      ['the catalogue and personal data in one operation', '{ services { code } me { cpr } }', undefined, ['Query.me', 'Citizen.cpr']],
      [
        'a mutation',
        `mutation { grantDelegation(input: { holderCpr: "${personaCpr('mads')}", services: ["housing-benefit"], actions: [READ], validTo: "2027-06-30" }, idempotencyKey: "anon-1") { id } }`,
        undefined,
        ['Mutation.grantDelegation', 'Delegation.id'],
      ],
    ];
    it.each(cases)('%s', async (_name, query, variables, fields) => {
      stack.standIns.cpr.resetCalls();
      stack.standIns.housing.resetCalls();
      stack.standIns.tax.resetCalls();
      const { status, body } = await anonymous(query, variables);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
      expect(body.errors![0].message).toMatch(/^Sign in: .* access token/);
      expect([...body.errors![0].extensions!.fields].sort()).toEqual([...fields].sort());
      expect([stack.standIns.cpr.calls(), stack.standIns.housing.calls(), stack.standIns.tax.calls()]).toEqual([[], [], []]);
    });

    it('with a token the same fields run as before (the subgraphs keep their per-citizen rules)', async () => {
      const { status, body } = await stack.as('ingrid')('{ services { code } me { name { full } } }');
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.me.name.full).toBe('Ingrid Marie Holm');
    });
  });

  describe('uptake-needs-scope: Query.uptake carries @requiresScopes(scopes: [["uptake:read"]])', () => {
    it('without a token: 401 UNAUTHENTICATED', async () => {
      const { status, body } = await anonymous(UPTAKE);
      expect([status, codes(body), body.errors![0].extensions!.fields]).toEqual([401, ['UNAUTHENTICATED'], ['Query.uptake']]);
    });

    it.each(['ingrid', 'caseworker-aarhus'])('as %s (no uptake:read): 403 FORBIDDEN naming the scope, nothing runs', async (persona) => {
      const { status, body } = await stack.as(persona)(`{ services { code } ${UPTAKE.slice(1, -1)} }`);
      expect(status).toBe(403);
      expect(body.data).toBeUndefined();
      expect(codes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors![0].message).toBe('Query.uptake needs the scope uptake:read, which your access token does not carry.');
      expect(body.errors![0].extensions!.fields).toEqual(['Query.uptake']);
    });

    it('access-requirements-judged-per-caller: the same text asked by the analyst, then anonymously, then by a citizen is judged each time for that caller (what it asks is worked out once per operation)', async () => {
      expect((await stack.as('analyst')(UPTAKE)).status).toBe(200);
      expect((await anonymous(UPTAKE)).status).toBe(401);
      expect((await stack.as('ingrid')(UPTAKE)).status).toBe(403);
      expect((await stack.as('analyst')(UPTAKE)).status).toBe(200);
    });

    it('as the analyst (uptake:read): the figures', async () => {
      const { status, body } = await stack.as('analyst')(UPTAKE);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.uptake.total.total).toEqual(expect.any(Number));
    });
  });
});
