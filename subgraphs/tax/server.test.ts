import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type DefinitionNode } from 'graphql';
import { personaCpr } from '../../legacy/population';
import type { RunningTaxStandIn } from '../../legacy/tax/standIn';
import { asIfInCaseload, caseworkerContext } from '../../test/support/callerContexts';
import { ENTITIES_QUERY, representations, startTaxHarness, type TaxHarness } from '../../test/support/taxTestSupport';

const [ingrid, karen, peter, mads, freja] = ['ingrid', 'karen', 'peter', 'mads', 'freja'].map(personaCpr);
// A caseworker with tax:read and every citizen of the call in their caseload; authorization itself is tested in taxAuthorization.test.ts.
const taxCaseworker = caseworkerContext('caseworker-aarhus', undefined, ['tax:read']);

let harness: TaxHarness;
let standIn: RunningTaxStandIn;
beforeAll(async () => {
  // Without the cache, so every test sees exactly the calls its own query makes.
  harness = await startTaxHarness({ cache: false });
  standIn = harness.standIn;
}, 30_000);
afterAll(() => harness.stop());
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false });
});

interface GraphQLResponse {
  data?: { _entities: (Record<string, unknown> | null)[] } | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, unknown> }[];
}

async function entities(cprs: readonly string[], selection: string): Promise<GraphQLResponse> {
  const response = await harness.graphql(ENTITIES_QUERY(selection), representations(cprs), asIfInCaseload(taxCaseworker, cprs));
  expect(response.status).toBe(200);
  return response as GraphQLResponse;
}

describe('tax subgraph: batching', () => {
  it('answers several citizens with exactly one GetPreliminaryAssessments call', async () => {
    const cprs = [ingrid, karen, peter, mads, freja];
    const result = await entities(
      cprs,
      'preliminaryIncomeAssessment(year: 2026) { incomeYear expectedSalary { ore kroner currency } withholdingRate { basisPoints percent } status lastChangedAt }',
    );
    expect(result.errors).toBeUndefined();
    expect(standIn.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: cprs.map((cpr) => `${cpr}|2026`) }]);
    const [ingridTax, karenTax, , , frejaTax] = result.data!._entities;
    expect(ingridTax).toEqual({
      cpr: ingrid,
      preliminaryIncomeAssessment: {
        incomeYear: 2026,
        expectedSalary: { ore: '0', kroner: '0.00', currency: 'DKK' },
        withholdingRate: { basisPoints: expect.any(Number), percent: expect.stringMatching(/^\d{2}\.\d{2}$/) },
        status: expect.stringMatching(/^(ISSUED|CHANGED_BY_CITIZEN|CHANGED_BY_AGENCY)$/),
        lastChangedAt: expect.stringMatching(/^2025-1[12]-\d{2}T\d{2}:\d{2}:00\.000Z$/),
      },
    });
    expect(BigInt((karenTax!.preliminaryIncomeAssessment as { expectedSalary: { ore: string } }).expectedSalary.ore)).toBeGreaterThan(0n);
    // Freja is under 15: the agency has no assessment, which is null and not an error.
    expect(frejaTax).toEqual({ cpr: freja, preliminaryIncomeAssessment: null });
  });

  it('makes one call per operation and income year, however many citizens and fields', async () => {
    const result = await entities(
      [karen, peter, mads],
      `
      now: preliminaryIncomeAssessment(year: 2026) { incomeYear }
      next: preliminaryIncomeAssessment(year: 2027) { incomeYear }
      again: preliminaryIncomeAssessment(year: 2026) { status }
      annualTaxStatement(year: 2024) { taxDue { ore } settlement { outcome amount { kroner } } status issuedOn }`,
    );
    expect(result.errors).toBeUndefined();
    const calls = standIn
      .calls()
      .map((call) => `${call.operation} ${call.keys.join(',')}`)
      .sort();
    const keys = (year: number) => [karen, peter, mads].map((cpr) => `${cpr}|${year}`).join(',');
    expect(calls).toEqual([`GetAnnualStatements ${keys(2024)}`, `GetPreliminaryAssessments ${keys(2026)}`, `GetPreliminaryAssessments ${keys(2027)}`].sort());
    expect(result.data!._entities[0]).toMatchObject({
      now: { incomeYear: 2026 },
      next: { incomeYear: 2027 },
      annualTaxStatement: { issuedOn: expect.stringMatching(/^2025-03-\d{2}$/) },
    });
  });
});

describe('tax subgraph: failures', () => {
  it('tax-soap-fault: a year the agency refuses is null with LEGACY_ERROR naming tax, while other fields are fine', async () => {
    const result = await entities([karen, peter], 'old: annualTaxStatement(year: 2019) { incomeYear } preliminaryIncomeAssessment(year: 2026) { incomeYear }');
    expect(result.data!._entities).toEqual([
      { cpr: karen, old: null, preliminaryIncomeAssessment: { incomeYear: 2026 } },
      { cpr: peter, old: null, preliminaryIncomeAssessment: { incomeYear: 2026 } },
    ]);
    expect(result.errors).toHaveLength(2);
    for (const error of result.errors!) {
      expect(error.path).toEqual(['_entities', expect.any(Number), 'old']);
      expect(error.extensions).toEqual({ code: 'LEGACY_ERROR', legacySystem: 'tax', reason: 'fault', upstreamStatus: 500, legacyFaultCode: 'FS-1001' });
    }
  });

  it('tax-down: with the agency down, tax fields are null with LEGACY_UNAVAILABLE and the entity survives', async () => {
    standIn.setFaults({ down: true });
    const result = await entities([karen, ingrid], 'preliminaryIncomeAssessment(year: 2026) { incomeYear } annualTaxStatement(year: 2024) { incomeYear }');
    expect(result.data!._entities).toEqual([
      { cpr: karen, preliminaryIncomeAssessment: null, annualTaxStatement: null },
      { cpr: ingrid, preliminaryIncomeAssessment: null, annualTaxStatement: null },
    ]);
    expect(result.errors).toHaveLength(4);
    for (const error of result.errors!) {
      expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'tax' });
      expect(error.message).toContain('tax');
      expect(JSON.stringify(error)).not.toContain(karen);
    }
  });

  it.each([1999, 2101, -5])('refuses the absurd year %i with BAD_USER_INPUT and asks the agency nothing', async (year) => {
    const result = await entities([karen], `preliminaryIncomeAssessment(year: ${year}) { incomeYear }`);
    expect(result.data!._entities).toEqual([{ cpr: karen, preliminaryIncomeAssessment: null }]);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'year' });
    expect(standIn.calls()).toEqual([]);
  });

  it('refuses a malformed CPR number in a representation with BAD_USER_INPUT', async () => {
    const result = await entities(['3102802258'], 'preliminaryIncomeAssessment(year: 2026) { incomeYear }');
    expect(result.data!._entities).toEqual([null]);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(standIn.calls()).toEqual([]);
  });
});

describe('tax subgraph schema', () => {
  it('describes every type, field, argument and enum value', () => {
    const document = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));
    const missing: string[] = [];
    const check = (node: { description?: unknown }, name: string) => {
      if (!node.description) missing.push(name);
    };
    for (const definition of document.definitions as readonly DefinitionNode[]) {
      if (definition.kind === Kind.SCHEMA_EXTENSION) continue;
      if (!('name' in definition) || !definition.name) continue;
      const typeName = definition.name.value;
      check(definition as { description?: unknown }, typeName);
      if ('fields' in definition) {
        for (const field of definition.fields ?? []) {
          check(field, `${typeName}.${field.name.value}`);
          for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) check(arg, `${typeName}.${field.name.value}(${arg.name.value})`);
        }
      }
      if ('values' in definition) for (const value of definition.values ?? []) check(value, `${typeName}.${value.name.value}`);
    }
    expect(missing).toEqual([]);
  });
});
