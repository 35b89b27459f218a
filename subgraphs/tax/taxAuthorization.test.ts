import { personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext, testGatewayKeys, withCaseload } from '../../test/support/callerContexts';
import { startSelfserviceForTests } from '../../test/support/selfserviceForTests';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller';
import { CHANGE_MUTATION, ENTITIES_QUERY, representations, startTaxHarness, type GraphQLAnswer, type TaxHarness } from '../../test/support/taxTestSupport';

const [karen, peter] = ['karen', 'peter'].map(personaCpr);
const ASSESSMENT = 'preliminaryIncomeAssessment(year: 2026) { incomeYear expectedSalary { ore } } annualTaxStatement(year: 2024) { incomeYear }';
const TAX_READ = [{ domain: 'tax' as const, actions: ['read' as const] }];

let harness: TaxHarness;
beforeAll(async () => {
  harness = await startTaxHarness({ cache: false });
}, 30_000);
afterAll(() => harness.stop());
beforeEach(() => harness.standIn.resetCalls());

const read = (cprs: readonly string[], as: Parameters<TaxHarness['graphql']>[2]) => harness.graphql(ENTITIES_QUERY(ASSESSMENT), representations(cprs), as);
const legacyKeys = () => harness.standIn.calls().flatMap((call) => call.keys);
const accessLogRows = async () => (await harness.test.selfservice.accessLog()).rows;

function expectUnauthenticated(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(401);
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
}

function expectForbiddenFields(answer: GraphQLAnswer, index: number): void {
  const entity = answer.data!._entities[index];
  expect(entity).toEqual({ cpr: expect.any(String), preliminaryIncomeAssessment: null, annualTaxStatement: null });
  const errors = answer.errors!.filter((e) => e.path?.[1] === index);
  expect(errors.map((e) => [e.path![2], e.extensions.code, e.extensions.domain]).sort()).toEqual([
    ['annualTaxStatement', 'FORBIDDEN', 'tax'],
    ['preliminaryIncomeAssessment', 'FORBIDDEN', 'tax'],
  ]);
}

describe('tax subgraph: the caller context', () => {
  it('missing-caller-context: a mutation without a context is UNAUTHENTICATED and reaches no agency', async () => {
    const answer = await harness.graphql(CHANGE_MUTATION, { input: { cpr: karen, year: 2026, expectedSalary: '1' }, key: 'no-context' }, { headers: {} });
    expectUnauthenticated(answer);
    expect(harness.standIn.calls()).toEqual([]);
    expect(harness.standIn.incomeChanges()).toEqual([]);
  });

  it('forged-caller-context: a context signed with another key is UNAUTHENTICATED', async () => {
    const impostor = await testGatewayKeys(harness.test.clock, 'tax');
    expectUnauthenticated(await read([karen], { headers: await impostor.headersFor(caseworkerContext('caseworker-tax')) }));
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('expired-caller-context: a context past its expiry is UNAUTHENTICATED', async () => {
    const token = await harness.test.keys.sign(caseworkerContext('caseworker-tax'), -120);
    expectUnauthenticated(await read([karen], { headers: { [CALLER_CONTEXT_HEADER]: token } }));
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('entities-direct-without-context: _entities called straight on the subgraph without a context is UNAUTHENTICATED', async () => {
    expectUnauthenticated(await read([karen, peter], { headers: {} }));
    expect(harness.standIn.calls()).toEqual([]);
  });
});

describe('tax subgraph: who may read whose tax', () => {
  it('citizen-self: a citizen reads their own assessment and statement', async () => {
    const answer = await read([karen], selfContext('karen'));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities[0]).toMatchObject({
      cpr: karen,
      preliminaryIncomeAssessment: { incomeYear: 2026 },
      annualTaxStatement: { incomeYear: 2024 },
    });
    expect(legacyKeys().sort()).toEqual([`${karen}|2024`, `${karen}|2026`]);
  });

  it("other-citizen-forbidden: another citizen's fields are null with FORBIDDEN and the agency is never asked about them", async () => {
    const answer = await read([karen, peter], selfContext('karen'));
    expect(answer.data!._entities[0]).toMatchObject({ cpr: karen, preliminaryIncomeAssessment: { incomeYear: 2026 } });
    expectForbiddenFields(answer, 1);
    expect(legacyKeys().some((key) => key.startsWith(peter))).toBe(false);
    expect(JSON.stringify(answer.errors)).not.toContain(peter);
  });

  it("delegate-with-grant: a person holding a tax power of attorney reads the grantor's tax", async () => {
    const answer = await read([karen], delegateContext('mads', 'karen', TAX_READ));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities[0]).toMatchObject({ preliminaryIncomeAssessment: { incomeYear: 2026 }, annualTaxStatement: { incomeYear: 2024 } });
  });

  it('delegate-without-grant: a power of attorney for housing only, or to file only, does not open tax reads', async () => {
    const housingOnly = await read([karen], delegateContext('mads', 'karen', [{ domain: 'housing', actions: ['read', 'file'] }]));
    expectForbiddenFields(housingOnly, 0);
    const fileOnly = await read([karen], delegateContext('mads', 'karen', [{ domain: 'tax', actions: ['file'] }]));
    expectForbiddenFields(fileOnly, 0);
    // Nor does a tax grant from Karen reach Peter.
    const someoneElse = await read([peter], delegateContext('mads', 'karen', TAX_READ));
    expectForbiddenFields(someoneElse, 0);
    expect(harness.standIn.calls()).toEqual([]);
  });

  it('caseworker-serving-named-citizen: a tax caseworker (tax:read) reads the tax of the citizen named in x-act-for', async () => {
    const answer = await read([karen], caseworkerContext('caseworker-tax', { citizenId: 'karen' }));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities[0].preliminaryIncomeAssessment).toEqual(expect.objectContaining({ incomeYear: 2026 }));
  });

  it('national-authority-names-the-citizen: a tax caseworker reads no one unnamed (CITIZEN_NOT_NAMED), and the agency is not asked', async () => {
    const answer = await read([karen, peter], caseworkerContext('caseworker-tax', { citizenId: 'karen' }));
    expect(answer.data!._entities[1].preliminaryIncomeAssessment).toBeNull();
    expect(new Set(answer.errors!.map((e: { path?: unknown[]; extensions: Record<string, unknown> }) => `${e.path?.[1]} ${e.extensions.reason}`))).toEqual(
      new Set(['1 CITIZEN_NOT_NAMED']),
    );
    // The agency is asked about Karen only.
    expect(
      harness.standIn
        .calls()
        .flatMap((c: { keys: readonly string[] }) => c.keys)
        .every((key: string) => key.startsWith(karen)),
    ).toBe(true);
  });

  it("caseworker-own-caseload-reads: a municipal caseworker with tax:read reads its residents' tax in one call", async () => {
    const answer = await read([karen, peter], withCaseload(caseworkerContext('caseworker-aarhus', undefined, ['tax:read']), [karen, peter]));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities.map((e: { preliminaryIncomeAssessment: unknown }) => e.preliminaryIncomeAssessment)).toEqual([
      expect.objectContaining({ incomeYear: 2026 }),
      expect.objectContaining({ incomeYear: 2026 }),
    ]);
  });

  it('caseworker-without-scope: a municipal caseworker without tax:read gets FORBIDDEN and the agency is not asked', async () => {
    const answer = await read([karen], caseworkerContext('caseworker-aarhus', { citizenId: 'karen' }));
    expectForbiddenFields(answer, 0);
    expect(harness.standIn.calls()).toEqual([]);
  });
});

describe('tax subgraph: the access log', () => {
  it("access-log-written: a caseworker's and a delegate's reads are logged per citizen; a citizen's own read is not", async () => {
    const before = (await accessLogRows()).length;
    expect((await read([karen], selfContext('karen'))).errors).toBeUndefined();
    expect((await accessLogRows()).length).toBe(before);

    expect((await read([karen, peter], withCaseload(caseworkerContext('caseworker-aarhus', undefined, ['tax:read']), [karen, peter]))).errors).toBeUndefined();
    expect((await read([karen], delegateContext('mads', 'karen', TAX_READ))).errors).toBeUndefined();
    const added = (await accessLogRows()).slice(before).map((row) => [row.subject_cpr, row.actor_role, row.domain, row.operation]);
    expect(added.sort()).toEqual(
      [
        [karen, 'CASEWORKER', 'tax', 'query Tax'],
        [karen, 'DELEGATE', 'tax', 'query Tax'],
        [peter, 'CASEWORKER', 'tax', 'query Tax'],
      ].sort(),
    );
  });

  it('forbidden reads are not logged as accesses', async () => {
    const before = (await accessLogRows()).length;
    const answer = await read([peter], caseworkerContext('caseworker-aarhus'));
    expectForbiddenFields(answer, 0);
    expect((await accessLogRows()).length).toBe(before);
  });

  it('access-log-down-fails-closed: with the access log down, a caseworker read returns no data, only ACCESS_LOG_UNAVAILABLE', async () => {
    const selfservice = await startSelfserviceForTests(harness.test.keys.publicKey, harness.test.clock, 'tax');
    const other = await harness.another({ selfservice: selfservice.client });
    await selfservice.stop();
    const answer = await other.graphql(ENTITIES_QUERY(ASSESSMENT), representations([karen]), caseworkerContext('caseworker-tax', { citizenId: 'karen' }));
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: { code: 'ACCESS_LOG_UNAVAILABLE' } })]);
    expect(JSON.stringify(answer)).not.toContain('expectedSalary');
  });
});
