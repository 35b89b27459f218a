import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isEnumType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { DOCUMENTED_LIST_SIZES } from '../../gateway/limits/listSizes';
import { DEFAULT_GATEWAY_OPTIONS } from '../../gateway/server';
import { personaCpr } from '../../legacy/population';
import { startTestStack, type TestStack } from '../support/testStack';

const INGRID = personaCpr('ingrid');
const STRICT = { accept: 'application/graphql-response+json' };
const PAYMENT = 'id date amount { ore kroner currency } status accountMasked claimId claimType';
const STANDARD_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

/** Literals for required arguments the selections below meet. */
const REQUIRED: Record<string, string> = { cpr: `"${INGRID}"`, year: '2026' };

describe('operation limits: what a page, a fragment and introspection cost', () => {
  let stack: TestStack;
  let schema: GraphQLSchema;
  let legacyQueries = 0;
  const resetLegacyCalls = () => {
    legacyQueries = 0;
    for (const standIn of Object.values(stack.standIns)) standIn.resetCalls();
  };
  const legacyCalls = () => [
    ...Object.values(stack.standIns).flatMap((s) => s.calls().map((c) => c.operation)),
    ...(legacyQueries > 0 ? ['benefits SQL'] : []),
  ];

  beforeAll(async () => {
    stack = await startTestStack({
      onBenefitsQuery: () => {
        legacyQueries += 1;
      },
    });
    const introspection = await stack.graphql(STANDARD_INTROSPECTION);
    expect(introspection.body.errors).toBeUndefined();
    schema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
  }, 60_000);
  afterAll(() => stack?.stop());

  describe('page-size-cost', () => {
    it('every paged list at its documented maximum with every field passes, each alone and all in one operation (generated from the schema)', async () => {
      const pages = Object.entries(DOCUMENTED_LIST_SIZES)
        .filter(([, size]) => size.kind === 'page')
        .map(([coordinate]) => pageAtMaximum(schema, coordinate));
      expect(pages.map((p) => p.coordinate)).toEqual(
        expect.arrayContaining(['Citizen.benefitPayments', 'Citizen.housingBenefitApplications', 'Citizen.accessLog', 'BenefitClaim.payments']),
      );
      const operations = [
        ...pages.map((p) => ({ name: p.coordinate, query: `{ ${p.selection} }` })),
        { name: 'all at once', query: `{ ${pages.map((p, i) => `p${i}: ${p.selection}`).join(' ')} }` },
      ];
      for (const { name, query } of operations) {
        const { status, body } = await stack.as('ingrid')(query);
        const limits = (body.errors ?? []).filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
        expect({ name, status, limits }).toEqual({ name, status: 200, limits: [] });
        expect(body.data).toBeDefined();
      }
    });

    it('the page sizes of a real answer: 100 payments with every field come back', async () => {
      const { body } = await stack.as('ingrid')(
        `{ me { benefitPayments(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PAYMENT} } } } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.me.benefitPayments.edges.length).toBe(Math.min(100, body.data!.me.benefitPayments.totalCount));
    });

    it('an abusive nesting of lists fails: 100 citizens x 100 payments, grandchildren x 100 payments; priced by the variables sent, before any legacy call', async () => {
      const perCitizen = `query Lists($cprs: [CPR!]!, $first: Int) { citizens(cprs: $cprs) { benefitPayments(first: $first) { edges { node { ${PAYMENT} } } } } }`;
      resetLegacyCalls();
      const wide = await stack.as('caseworker-aarhus')(perCitizen, { cprs: Array(100).fill(INGRID), first: 100 }, STRICT);
      expect(wide.status).toBe(400);
      expect(wide.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^Query cost limit of 12000 exceeded, found \d+/),
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' },
        }),
      ]);
      const deep = await stack.as('ingrid')(
        `{ me { children { children { benefitPayments(first: 100) { edges { node { ${PAYMENT} } } } } } } }`,
        undefined,
        STRICT,
      );
      expect(deep.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      expect(legacyCalls()).toEqual([]);

      // The same document asking for a few citizens and a small page is fine: the cost follows the variables.
      const modest = await stack.as('caseworker-aarhus')(perCitizen, { cprs: [INGRID, personaCpr('bent')], first: 5 });
      expect(modest.status).toBe(200);
      expect((modest.body.errors ?? []).filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')).toEqual([]);
    });
  });

  describe('depth-flattened', () => {
    // spouse, not children: no list, so the cost stays small and only the depth is judged.
    const inline = (levels: number) => {
      let selection = 'cpr';
      for (let i = 0; i < levels - 2; i += 1) selection = `spouse { ${selection} }`;
      return `query Inline { me { ${selection} } }`;
    };
    /** The same selection, every level behind a fragment spread and an inline fragment. */
    const fragmentHeavy = (levels: number) => {
      const count = levels - 2;
      const fragments = Array.from(
        { length: count },
        (_, i) => `fragment L${i} on Citizen { ... on Citizen { spouse { ${i + 1 < count ? `...L${i + 1}` : 'cpr'} } } }`,
      );
      return `query Fragments { me { ...L0 } } ${fragments.join(' ')}`;
    };

    it('a fragment-heavy query passes where the same selection written inline passes (fragments add no level)', async () => {
      for (const query of [inline(DEFAULT_GATEWAY_OPTIONS.maxDepth), fragmentHeavy(DEFAULT_GATEWAY_OPTIONS.maxDepth)]) {
        const { status, body } = await stack.as('ingrid')(query);
        expect({ status, errors: (body.errors ?? []).filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX') }).toEqual({ status: 200, errors: [] });
        expect(body.data!.me).not.toBeNull();
      }
    });

    it('a genuinely deep query fails, written either way', async () => {
      for (const query of [inline(DEFAULT_GATEWAY_OPTIONS.maxDepth + 1), fragmentHeavy(DEFAULT_GATEWAY_OPTIONS.maxDepth + 1)]) {
        const { status, body } = await stack.as('ingrid')(query, undefined, STRICT);
        expect(status).toBe(400);
        expect(body.errors).toEqual([{ message: `Query depth limit of 8 exceeded, found 9.`, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' } }]);
      }
    });
  });

  describe('typename-aliases-and-introspection-limits', () => {
    it('aliases of __typename count: 200 of them are QUERY_TOO_COMPLEX (limit "aliases")', async () => {
      const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ');
      const { status, body } = await stack.graphql(`{ ${aliases} }`, undefined, STRICT);
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ message: 'Aliases limit of 15 exceeded, found 200.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' } }]);
    });

    it('introspection has a depth limit: a 300-deep ofType chain fails; the standard introspection query passes', async () => {
      let chain = 'name';
      for (let i = 0; i < 300; i += 1) chain = `ofType { ${chain} }`;
      const deep = await stack.graphql(`{ __type(name: "Citizen") { ${chain} } }`, undefined, STRICT);
      expect(deep.status).toBe(400);
      expect(deep.body.errors).toEqual([
        {
          message: `Introspection depth limit of ${DEFAULT_GATEWAY_OPTIONS.maxIntrospectionDepth} exceeded, found 302.`,
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' },
        },
      ]);

      const standard = await stack.graphql(STANDARD_INTROSPECTION, undefined, STRICT);
      expect(standard.status).toBe(200);
      expect(standard.body.errors).toBeUndefined();
    });

    it('introspection is priced like data, and nesting its lists is capped: two standard introspections in one operation, and fields within fields within fields, fail', async () => {
      const [operation, ...fragments] = STANDARD_INTROSPECTION.split(/(?=\n\s*fragment )/);
      const schemaSelection = operation.slice(operation.indexOf('__schema'), operation.lastIndexOf('}'));
      const twice = await stack.graphql(`query Twice { a: ${schemaSelection} b: ${schemaSelection} } ${fragments.join('\n')}`, undefined, STRICT);
      expect(twice.status).toBe(400);
      expect(twice.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });

      const nested = await stack.graphql(
        '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
        undefined,
        STRICT,
      );
      expect(nested.status).toBe(400);
      expect(nested.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    });
  });
});

/** A selection from the root down to the paged field, asking its documented maximum with every field below it (no type twice on a path). */
function pageAtMaximum(schema: GraphQLSchema, coordinate: string): { coordinate: string; selection: string } {
  const [typeName, fieldName] = coordinate.split('.');
  const size = DOCUMENTED_LIST_SIZES[coordinate];
  const route = routeTo(schema, typeName);
  if (!route) throw new Error(`no route from Query to ${typeName}`);
  const type = schema.getType(typeName) as GraphQLObjectType;
  const field = type.getFields()[fieldName];
  const below = everyField(getNamedType(field.type) as GraphQLObjectType, new Set([...route.types, typeName]));
  const inner = `${fieldName}(${size.argument}: ${size.max}) ${below}`;
  return { coordinate, selection: route.steps.reduceRight((acc, step) => `${step} { ${acc} }`, inner) };
}

function routeTo(schema: GraphQLSchema, target: string): { steps: string[]; types: string[] } | undefined {
  const queue: { type: GraphQLObjectType; steps: string[]; types: string[] }[] = [{ type: schema.getQueryType()!, steps: [], types: [] }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { type, steps, types } = queue.shift()!;
    if (type.name === target) return { steps, types };
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const args = argumentsOf(field);
      if (isObjectType(named) && args !== undefined) queue.push({ type: named, steps: [...steps, `${field.name}${args}`], types: [...types, type.name] });
    }
  }
  return undefined;
}

function everyField(type: GraphQLObjectType, onPath: ReadonlySet<string>): string {
  const selections: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    const args = argumentsOf(field);
    if (args === undefined) continue;
    if (isLeafType(named)) selections.push(`${field.name}${args}`);
    else if (isObjectType(named) && !onPath.has(named.name)) selections.push(`${field.name}${args} ${everyField(named, new Set([...onPath, type.name]))}`);
  }
  return `{ ${selections.join(' ')} }`;
}

/** The literal arguments a field needs, or undefined when it needs one this test cannot give. */
function argumentsOf(field: GraphQLField<unknown, unknown>): string | undefined {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  if (required.some((a) => !REQUIRED[a.name] || !(isScalarType(getNamedType(a.type)) || isEnumType(getNamedType(a.type))))) return undefined;
  return required.length > 0 ? `(${required.map((a) => `${a.name}: ${REQUIRED[a.name]}`).join(', ')})` : '';
}
