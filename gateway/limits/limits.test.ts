import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { apiSchemaOf } from '../persisted/apiSchema';
import { DEFAULT_GATEWAY_OPTIONS } from '../server';
import { checkListSizes, DOCUMENTED_LIST_SIZES } from './listSizes';
import { operationCost } from './operationCost';
import { fragmentsOf, selectionDepth, STANDARD_INTROSPECTION_DEPTH } from './selectionDepth';

const ROOT = path.join(__dirname, '..', '..');
const SUPERGRAPH = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
const MODEL = { listSizes: DOCUMENTED_LIST_SIZES, assumedListSize: DEFAULT_GATEWAY_OPTIONS.assumedListSize };

function operationOf(query: string): { operation: OperationDefinitionNode; fragments: ReturnType<typeof fragmentsOf> } {
  const document = parse(query);
  return {
    operation: document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!,
    fragments: fragmentsOf(document.definitions),
  };
}

const PAYMENT = 'id date amount { ore kroner currency } status accountMasked claimId claimType';

describe('selectionDepth', () => {
  const depthOf = (query: string) => {
    const { operation, fragments } = operationOf(query);
    return selectionDepth(operation, fragments);
  };

  it('counts fields only: fragment spreads and inline fragments add no level', () => {
    const inline = depthOf('{ citizen(cpr: "1") { children { name { full } } } }');
    const fragments = depthOf(
      '{ citizen(cpr: "1") { ...A } } fragment A on Citizen { ... on Citizen { children { ...B } } } fragment B on Citizen { name { ...C } } fragment C on PersonName { full }',
    );
    expect(inline).toEqual({ data: 4, introspection: 0 });
    expect(fragments).toEqual(inline);
  });

  it('measures introspection apart, from the root, and the standard introspection query is 15 deep', () => {
    expect(depthOf('{ me { __typename } __type(name: "Citizen") { ofType { ofType { name } } } }')).toEqual({ data: 2, introspection: 4 });
    expect(STANDARD_INTROSPECTION_DEPTH).toBe(15);
  });

  it('survives a fragment cycle (validation refuses it; the depth rule must not loop)', () => {
    expect(depthOf('{ me { ...A } } fragment A on Citizen { children { ...A } }')).toEqual({ data: 2, introspection: 0 });
  });
});

describe('operationCost', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await apiSchemaOf(SUPERGRAPH);
  });
  const costOf = (query: string, variables: Record<string, unknown> = {}) => {
    const { operation, fragments } = operationOf(query);
    return operationCost(schema, operation, fragments, variables, MODEL);
  };

  it('prices a page by the size asked: literal, variable, the argument default, never past the documented maximum', () => {
    const page = (first: string) => `{ me { benefitPayments${first} { edges { node { id } } } } }`;
    // me + benefitPayments + n x (edges + node + id)
    expect(costOf(page('(first: 10)'))).toBe(2 + 10 * 3);
    expect(costOf('query ($n: Int) { me { benefitPayments(first: $n) { edges { node { id } } } } }', { n: 7 })).toBe(2 + 7 * 3);
    expect(costOf(page(''))).toBe(2 + 20 * 3);
    expect(costOf(page('(first: 100000)'))).toBe(2 + 100 * 3);
    // A variable not sent: the most it could be.
    expect(costOf('query ($n: Int) { me { benefitPayments(first: $n) { edges { node { id } } } } }')).toBe(2 + 100 * 3);
  });

  it('gives the page size to the lists a connection returns only (pageInfo and totalCount once)', () => {
    expect(costOf('{ me { benefitPayments(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } } }')).toBe(2 + 1 + 3 + 10 * 2);
  });

  it('prices citizens(cprs:) per number asked, and any other list at the assumed size', () => {
    expect(costOf('query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr } }', { cprs: ['1', '2', '3'] })).toBe(3 * 2);
    expect(costOf('{ me { children { cpr } } }')).toBe(1 + MODEL.assumedListSize * 2);
  });

  it('prices each spread of a fragment, and a document of fragments spreading fragments in linear time', () => {
    expect(costOf('{ me { ...F ...F } } fragment F on Citizen { cpr }')).toBe(1 + 2);
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Citizen { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : 'cpr'} }`).join(
      ' ',
    );
    expect(costOf(`{ me { ...F0 } } ${fragments}`)).toBe(1 + 2 ** (levels - 1));
  });

  it('documented pages with every field stay far below the limit; 100 citizens with 100 payments each do not', () => {
    expect(
      costOf(`{ me { benefitPayments(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PAYMENT} } } } } }`),
    ).toBeLessThan(DEFAULT_GATEWAY_OPTIONS.maxCost / 5);
    expect(
      costOf(`query ($cprs: [CPR!]!) { citizens(cprs: $cprs) { benefitPayments(first: 100) { edges { node { id } } } } }`, {
        cprs: Array(100).fill('1203382258'),
      }),
    ).toBeGreaterThan(DEFAULT_GATEWAY_OPTIONS.maxCost);
  });

  it('every frontend operation (operations/*.graphql), with its variables at their worst, and the standard introspection query are within the default limits', () => {
    const queries = readdirSync(path.join(ROOT, 'operations'))
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => readFileSync(path.join(ROOT, 'operations', f), 'utf8'));
    queries.push(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
    );
    for (const query of queries) {
      const { operation, fragments } = operationOf(query);
      expect(operationCost(schema, operation, fragments, {}, MODEL)).toBeLessThanOrEqual(DEFAULT_GATEWAY_OPTIONS.maxCost);
      const depth = selectionDepth(operation, fragments);
      expect(depth.data).toBeLessThanOrEqual(DEFAULT_GATEWAY_OPTIONS.maxDepth);
      expect(depth.introspection).toBeLessThanOrEqual(DEFAULT_GATEWAY_OPTIONS.maxIntrospectionDepth);
    }
  });
});

describe('checkListSizes', () => {
  it('accepts the supergraph as composed', () => {
    expect(() => checkListSizes(SUPERGRAPH)).not.toThrow();
  });

  it('refuses a paged field without a documented maximum, and an entry naming nothing', () => {
    const sdl = 'type Query { items(first: Int = 10): [String] }';
    expect(() => checkListSizes(sdl, {})).toThrow(/Query.items takes "first" but has no documented maximum page size/);
    expect(() =>
      checkListSizes(sdl, { 'Query.items': { kind: 'page', argument: 'first', max: 50 }, 'Query.gone': { kind: 'page', argument: 'first', max: 5 } }),
    ).toThrow(/Query.gone is not a field/);
  });
});
