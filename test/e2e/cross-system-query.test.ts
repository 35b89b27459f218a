import { PERSONAS, personaCpr } from '../../legacy/population';
import { startTestStack } from '../support/testStack';

const OVERVIEW = /* GraphQL */ `
  query Overview($cpr: CPR!, $year: Int!) {
    citizen(cpr: $cpr) {
      cpr
      name { full }
      birthDate
      sex
      address { street city municipality { code name } }
      preliminaryIncomeAssessment(year: $year) { withholdingRate { percent } personalAllowance { kroner } }
      housingBenefit { status monthlyAmount { ore kroner currency } }
      benefitClaims { type status monthlyAmount { kroner } }
      benefitPayments(first: 3) { totalCount edges { node { date amount { kroner } } } pageInfo { hasNextPage } }
    }
  }`;

describe('one query through the gateway reaches all four legacy systems', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it("returns Ingrid's register data, tax assessment, housing benefit and benefit payments", async () => {
    const { status, body } = await stack.as('ingrid')(OVERVIEW, { cpr: personaCpr('ingrid'), year: 2026 });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const citizen = body.data!.citizen;
    expect(citizen).toMatchObject({
      cpr: '1203382258',
      name: { full: 'Ingrid Marie Holm' },
      birthDate: '1938-03-12',
      sex: 'FEMALE',
      address: { street: 'Åboulevarden', city: 'Aarhus C', municipality: { code: '0751', name: 'Aarhus' } },
      housingBenefit: { status: 'GRANTED', monthlyAmount: { ore: '218450', kroner: '2184.50', currency: 'DKK' } },
    });
    expect(citizen.preliminaryIncomeAssessment.withholdingRate.percent).toMatch(/^\d+\.\d{2}$/);
    expect(citizen.benefitClaims).toContainEqual(expect.objectContaining({ type: 'STATE_PENSION', status: 'ACTIVE' }));
    expect(citizen.benefitPayments.edges).toHaveLength(3);
    expect(citizen.benefitPayments.totalCount).toBeGreaterThan(3);
    expect(citizen.benefitPayments.pageInfo.hasNextPage).toBe(true);
    // Each legacy system was really asked, over its own protocol.
    expect(stack.standIns.cpr.calls().map((c) => c.operation)).toContain('PersonLookup');
    expect(stack.standIns.tax.calls().map((c) => c.operation)).toContain('GetPreliminaryAssessments');
    expect(stack.standIns.housing.calls().map((c) => c.operation)).toContain('BoligstoetteOpslag');
  });

  it('follows relations across generations and systems: children and grandchildren with their own tax data (an Aarhus caseworker with tax:read, its caseload)', async () => {
    const persona = PERSONAS.find((p) => p.id === 'caseworker-aarhus')!;
    const token = await stack.devIssuer.mint({ ...persona, scopes: [...(persona.scopes ?? []), 'tax:read'] }, 600);
    const { body } = await stack.graphql(
      /* GraphQL */ `
      query Family($cpr: CPR!) {
        citizen(cpr: $cpr) {
          name { first }
          children {
            name { first }
            preliminaryIncomeAssessment(year: 2026) { status }
            spouse { name { first } preliminaryIncomeAssessment(year: 2026) { status } }
            children { cpr name { first } age passesModulus11 preliminaryIncomeAssessment(year: 2026) { status } }
          }
        }
      }`,
      { cpr: personaCpr('ingrid') },
      { authorization: `Bearer ${token}` },
    );
    // Mads lives in Copenhagen: outside Aarhus's caseload, refused with the reason; Freja is 12, and the tax agency has no assessment for her ("not found": null, no error).
    expect(new Set((body.errors ?? []).map((e) => `${e.path!.slice(0, 5).join('.')} ${e.extensions?.reason}`))).toEqual(
      new Set(['citizen.children.0.children.0 NOT_IN_CASELOAD']),
    );
    const karen = body.data!.citizen.children[0];
    expect(karen.name.first).toBe('Karen');
    expect(karen.preliminaryIncomeAssessment).not.toBeNull();
    expect(karen.spouse.name.first).toBe('Peter');
    expect(karen.spouse.preliminaryIncomeAssessment).not.toBeNull();
    const [mads, freja] = karen.children;
    expect(mads).toEqual({ cpr: personaCpr('mads'), name: null, age: null, passesModulus11: null, preliminaryIncomeAssessment: null });
    expect(freja).toMatchObject({ name: { first: 'Freja' }, passesModulus11: false, preliminaryIncomeAssessment: null });
  });

  it('invalid-cpr: a malformed CPR number is BAD_USER_INPUT with a reason, before any legacy call', async () => {
    stack.standIns.cpr.resetCalls();
    for (const cpr of ['3102381234', '12345']) {
      const asVariable = await stack.as('ingrid')('query($cpr: CPR!) { citizen(cpr: $cpr) { cpr } }', { cpr });
      expect(asVariable.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const asLiteral = await stack.as('ingrid')(`{ citizen(cpr: "${cpr}") { cpr } }`);
      expect(asLiteral.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(asLiteral.body.errors?.[0].message).toMatch(/Invalid CPR number: .*(day 31|ten digits)/);
    }
    expect(stack.standIns.cpr.calls()).toEqual([]);
  });

  it('cpr-down: register fields are null with LEGACY_UNAVAILABLE naming cpr; the other systems still answer', async () => {
    stack.standIns.cpr.setFaults({ down: true });
    try {
      // Bent has not been read in this file: nothing of his is in the cache to serve stale.
      const { body } = await stack.as('bent')(OVERVIEW, { cpr: personaCpr('bent'), year: 2026 });
      const citizen = body.data!.citizen;
      expect(citizen.name).toBeNull();
      expect(citizen.birthDate).toBe('1949-01-30');
      expect(citizen.benefitClaims.length).toBeGreaterThan(0);
      expect(body.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'cpr' }) }));
    } finally {
      stack.standIns.cpr.setFaults({ down: false });
    }
  });

  it('subgraph-down: a stopped subgraph yields partial data and SUBGRAPH_UNAVAILABLE, not a 500', async () => {
    await stack.subgraphs.tax.stop();
    const { status, body } = await stack.as('ingrid')(OVERVIEW, { cpr: personaCpr('ingrid'), year: 2026 });
    expect(status).toBe(200);
    expect(body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
    expect(body.data!.citizen.preliminaryIncomeAssessment).toBeNull();
    const error = body.errors!.find((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    expect(error?.extensions).toMatchObject({ subgraph: 'tax' });
    expect(JSON.stringify(body.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});
