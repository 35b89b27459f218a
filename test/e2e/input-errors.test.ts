import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { personaCpr, type PersonaEntry } from '../../legacy/population';
import { rawRequest, startGatewayReplica } from '../support/edgeGateway';
import { startTestStack, type TestStack } from '../support/testStack';

const INGRID = personaCpr('ingrid');
const SUPERGRAPH = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

/** Valid values by type name, as JSON (a GraphQL literal of a string or number is its JSON). */
const VALID: Record<string, unknown> = {
  CPR: INGRID,
  Date: '2026-12-01',
  DateTime: '2026-12-01T10:00:00Z',
  Int: 2026,
  Float: 1.5,
  String: 'x',
  ID: 'id-1',
  Boolean: true,
};

/** Malformed values by type name: each must be BAD_USER_INPUT wherever the type is an argument. */
const MALFORMED: Record<string, readonly unknown[]> = {
  CPR: ['3102381234', '12345', 1203382258],
  Date: ['01-12-2026', '2027-02-30', 20261201],
  DateTime: ['yesterday'],
  Int: ['abc', 1.5],
  Float: ['abc'],
  String: [12],
  ID: [true],
  Boolean: ['yes'],
};
const MALFORMED_ENUM = 'NOT_A_VALUE';

/** A caller holding every scope the supergraph asks for, so the access directives pass and only the input is judged. */
function everyScopePersona(): PersonaEntry {
  const scopes = [
    ...new Set([...SUPERGRAPH.matchAll(/@requiresScopes\(scopes: (\[[^)]*\])\)/g)].flatMap((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((s) => s[1]))),
  ];
  return {
    id: 'caseworker-every-scope',
    kind: 'caseworker',
    name: 'Test Sagsbehandler',
    authority: 'municipality:0751',
    scopes,
    description: 'Every scope, for this test only.',
  };
}

describe('input errors: every wrong argument is BAD_USER_INPUT, decided at the edge', () => {
  let stack: TestStack;
  let legacyQueries = 0;
  let schema: GraphQLSchema;
  let token: string;
  const resetLegacyCalls = () => {
    legacyQueries = 0;
    for (const standIn of Object.values(stack.standIns)) standIn.resetCalls();
  };
  const legacyCalls = () => [
    ...Object.entries(stack.standIns).flatMap(([name, s]) => s.calls().map((c) => `${name}:${c.operation}`)),
    ...(legacyQueries > 0 ? [`benefits: ${legacyQueries} SQL queries`] : []),
  ];
  const post = (query: string, variables?: Record<string, unknown>) =>
    rawRequest(stack.gatewayUrl, { headers: { authorization: `Bearer ${token}` }, body: { query, variables } });

  beforeAll(async () => {
    stack = await startTestStack({
      onBenefitsQuery: () => {
        legacyQueries += 1;
      },
    });
    token = await stack.devIssuer.mint(everyScopePersona(), 600);
    const introspection = await stack.graphql(getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
    schema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('malformed-date-bad-user-input: a date written wrong is BAD_USER_INPUT naming the argument and why, as a literal and as a variable, in a query and in a mutation, before any legacy call', async () => {
    resetLegacyCalls();
    const cases = [
      { query: '{ uptake(from: "01-12-2026", to: "2026-12-31") { __typename } }', argument: 'from', reason: /YYYY-MM-DD, got "01-12-2026"/ },
      {
        query: 'query ($from: Date!) { uptake(from: $from, to: "2026-12-31") { __typename } }',
        variables: { from: '2027-02-30' },
        argument: 'from',
        reason: /2027-02-30 is not a day in the calendar/,
      },
      {
        query: `mutation { grantDelegation(input: { holderCpr: "${personaCpr('mads')}", services: ["housing-benefit"], actions: [READ], validTo: "2027-02-30" }, idempotencyKey: "date-1") { id } }`,
        argument: 'input.validTo',
        reason: /2027-02-30 is not a day in the calendar/,
      },
      {
        query: 'mutation ($input: GrantExemptionInput!) { grantExemption(input: $input, idempotencyKey: "date-2") { id } }',
        variables: { input: { citizenCpr: personaCpr('bent'), reason: 'NO_INTERNET_AT_HOME', validFrom: '01-12-2026' } },
        argument: 'input.validFrom',
        reason: /YYYY-MM-DD, got "01-12-2026"/,
      },
    ];
    for (const { query, variables, argument, reason } of cases) {
      const { status, body } = await post(query, variables);
      expect(status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument, reason: expect.stringMatching(reason) }) }),
      ]);
      expect(body.errors![0].message).toContain(`Argument "${argument}"`);
    }
    expect(legacyCalls()).toEqual([]);
  });

  it('every-scalar-argument-malformed: one request per scalar or enum argument of every field (input object fields too), literal and variable, generated from the schema the gateway serves: all BAD_USER_INPUT, no legacy call', async () => {
    const positions = argumentPositions(schema);
    // The generator must reach the arguments that matter, so it can never pass by generating nothing.
    const reached = new Set(positions.map((p) => `${p.coordinate}(${p.path})`));
    for (const expected of [
      'Query.citizen(cpr)',
      'Query.citizens(cprs[0])',
      'Query.uptake(from)',
      'Citizen.benefitPayments(first)',
      'Citizen.preliminaryIncomeAssessment(year)',
      'BenefitClaim.payments(first)',
      'Mutation.grantDelegation(input.validTo)',
      'Mutation.changeAddress(input.movedIn)',
      'Mutation.applyForHousingBenefit(input.dwellingType)',
    ]) {
      expect(reached).toContain(expected);
    }
    const uncovered = [
      ...new Set(
        positions
          .map((p) => p.leafType)
          .filter((t) => isScalarType(t) && !MALFORMED[t.name])
          .map((t) => t.name),
      ),
    ];
    expect(uncovered).toEqual([]); // a new scalar needs malformed samples here (and a validator at the gateway)

    resetLegacyCalls();
    const failures: string[] = [];
    let requests = 0;
    for (const position of positions) {
      const samples = isEnumType(position.leafType) ? [MALFORMED_ENUM] : MALFORMED[position.leafType.name];
      for (const sample of samples) {
        for (const form of ['literal', 'variable'] as const) {
          const { query, variables } = requestFor(position, sample, form);
          const { status, body } = await post(query, variables);
          requests += 1;
          const codes = (body.errors ?? []).map((e) => e.extensions?.code);
          const first = body.errors?.[0]?.extensions;
          const named = first?.argument === position.path && (form === 'literal' || first?.variable === 'v');
          if (status !== 200 || body.data !== undefined || codes.length === 0 || codes.some((c) => c !== 'BAD_USER_INPUT') || !named) {
            failures.push(
              `${position.coordinate}(${position.path}) = ${JSON.stringify(sample)} as ${form}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`,
            );
          }
        }
      }
    }
    console.log(`${positions.length} argument positions, ${requests} requests`);
    expect(failures).toEqual([]);
    expect(legacyCalls()).toEqual([]);
  }, 120_000);

  it('subgraph-input-error-mapped: a value a subgraph refuses with HTTP 400 reaches the client as BAD_USER_INPUT naming the subgraph, never INTERNAL_SERVER_ERROR', async () => {
    const answers: Record<string, { status: number; body: unknown }> = {
      refusedValue: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Expected value of type "CPR!", found "x"; Invalid CPR number: a CPR number has ten digits.',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'a CPR number has ten digits' },
            },
          ],
        },
      },
      refusedVariable: {
        status: 400,
        body: {
          errors: [
            { message: 'Variable "$cpr" got invalid value "x"; Invalid CPR number: a CPR number has ten digits.', extensions: { code: 'BAD_USER_INPUT' } },
          ],
        },
      },
      schemaDrift: {
        status: 400,
        body: { errors: [{ message: 'Cannot query field "cpr" on type "Citizen".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      },
    };
    let answer = answers.refusedValue;
    const citizenSubgraph = http.createServer((req, res) => {
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => citizenSubgraph.listen(0, '127.0.0.1', resolve));
    const replica = await startGatewayReplica(stack, {
      subgraphUrls: {
        ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
        citizen: `http://127.0.0.1:${(citizenSubgraph.address() as AddressInfo).port}/graphql`,
      },
    });
    try {
      const ask = async () =>
        (await rawRequest(replica.url, { headers: { authorization: `Bearer ${token}` }, body: { query: `{ citizen(cpr: "${INGRID}") { cpr } }` } })).body
          .errors ?? [];
      expect(await ask()).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/Invalid CPR number/),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', subgraph: 'citizen', reason: 'a CPR number has ten digits' }),
        }),
      ]);
      answer = answers.refusedVariable;
      expect(await ask()).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', subgraph: 'citizen' }) })]);
      // Not the client's input: the subgraph and the supergraph disagree. Still not an internal error.
      answer = answers.schemaDrift;
      expect(await ask()).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'citizen', status: 400 }) }),
      ]);
    } finally {
      await replica.stop();
      await new Promise((resolve) => citizenSubgraph.close(resolve));
    }
  });

  it('subgraph-checks-stay-bad-user-input: values only a subgraph can judge (a year it does not keep, a page too large) are BAD_USER_INPUT naming the argument, with the rest of the data', async () => {
    const { status, body } = await stack.as('ingrid')(
      `{ citizen(cpr: "${INGRID}") { name { full } preliminaryIncomeAssessment(year: 1800) { status } benefitPayments(first: 101) { totalCount } } }`,
    );
    expect(status).toBe(200);
    expect(body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['citizen', 'preliminaryIncomeAssessment'],
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'year' }),
        }),
        expect.objectContaining({ path: ['citizen', 'benefitPayments'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'first' }) }),
      ]),
    );
  });
});

/** One leaf (scalar or enum) position among a field's arguments: "input.validTo", "cprs[0]". */
interface ArgumentPosition {
  readonly coordinate: string;
  /** Selection from the root down to the field's parent, e.g. ["me", "benefitClaims"]; empty for a root field. */
  readonly route: readonly string[];
  readonly operation: 'query' | 'mutation';
  readonly field: GraphQLField<unknown, unknown>;
  readonly argument: GraphQLArgument;
  /** Path inside the argument value, starting with the argument's name. */
  readonly path: string;
  readonly leafType: GraphQLNamedType;
}

/** Every scalar and enum position in the arguments of every field reachable from Query and Mutation. */
function argumentPositions(schema: GraphQLSchema): ArgumentPosition[] {
  const positions: ArgumentPosition[] = [];
  const routes = routesToTypes(schema);
  for (const [typeName, { route, operation }] of routes) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const argument of field.args) {
        for (const { path: leafPath, leafType } of leavesOf(argument.type, argument.name, new Set())) {
          positions.push({ coordinate: `${type.name}.${field.name}`, route, operation, field, argument, path: leafPath, leafType });
        }
      }
    }
  }
  return positions;
}

/** The shortest route to each object type from the root fields (mutation results only for Mutation itself). */
function routesToTypes(schema: GraphQLSchema): Map<string, { route: string[]; operation: 'query' | 'mutation' }> {
  const routes = new Map<string, { route: string[]; operation: 'query' | 'mutation' }>();
  routes.set(schema.getMutationType()!.name, { route: [], operation: 'mutation' });
  const queue: { typeName: string; route: string[] }[] = [{ typeName: schema.getQueryType()!.name, route: [] }];
  routes.set(schema.getQueryType()!.name, { route: [], operation: 'query' });
  while (queue.length > 0) {
    const { typeName, route } = queue.shift()!;
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || routes.has(target.name)) continue;
      const required = requiredLiterals(field.args);
      const step = `${field.name}${required.length > 0 ? `(${required.join(', ')})` : ''}`;
      routes.set(target.name, { route: [...route, step], operation: 'query' });
      queue.push({ typeName: target.name, route: [...route, step] });
    }
  }
  return routes;
}

function leavesOf(type: GraphQLInputType, at: string, seen: Set<string>): { path: string; leafType: GraphQLNamedType }[] {
  const inner = getNullableType(type);
  if (isListType(inner)) return leavesOf(inner.ofType, `${at}[0]`, seen);
  if (isInputObjectType(inner)) {
    if (seen.has(inner.name)) return [];
    return Object.values(inner.getFields()).flatMap((f) => leavesOf(f.type, `${at}.${f.name}`, new Set([...seen, inner.name])));
  }
  return [{ path: at, leafType: inner as GraphQLNamedType }];
}

/** The request with one malformed value at the position; every other required value valid. */
function requestFor(position: ArgumentPosition, sample: unknown, form: 'literal' | 'variable'): { query: string; variables?: Record<string, unknown> } {
  const value = valueFor(position.argument.type, position.argument.name, position.path, sample);
  const others = position.field.args.filter((a) => a !== position.argument);
  const selection = isCompositeType(getNamedType(position.field.type)) ? ' { __typename }' : '';
  const wrap = (fieldText: string) => position.route.reduceRight((inner, step) => `${step} { ${inner} }`, fieldText);
  if (form === 'literal') {
    const args = [`${position.argument.name}: ${literal(value, position.argument.type)}`, ...requiredLiterals(others)];
    return { query: `${position.operation} { ${wrap(`${position.field.name}(${args.join(', ')})${selection}`)} }` };
  }
  const args = [`${position.argument.name}: $v`, ...requiredLiterals(others)];
  return {
    query: `${position.operation} ($v: ${String(position.argument.type)}) { ${wrap(`${position.field.name}(${args.join(', ')})${selection}`)} }`,
    variables: { v: value },
  };
}

/** A value of the type with `sample` at `target` (a path starting at `at`), everything else required filled in validly. */
function valueFor(type: GraphQLInputType, at: string, target: string, sample: unknown): unknown {
  if (at === target) return isListType(getNullableType(type)) ? [sample] : sample;
  const inner = getNullableType(type);
  if (isListType(inner)) return [valueFor(inner.ofType, `${at}[0]`, target, sample)];
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      const fieldAt = `${at}.${field.name}`;
      if (target === fieldAt || target.startsWith(`${fieldAt}.`) || target.startsWith(`${fieldAt}[`))
        value[field.name] = valueFor(field.type, fieldAt, target, sample);
      else if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = validValue(field.type);
    }
    return value;
  }
  return validValue(type);
}

function validValue(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [validValue(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) return valueFor(inner, '', '\u0000', undefined);
  return VALID[(inner as GraphQLNamedType).name];
}

function requiredLiterals(args: readonly GraphQLArgument[]): string[] {
  return args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${literal(validValue(a.type), a.type)}`);
}

/** A JSON-ish value as a GraphQL literal of the type: enum values bare where the type is an enum. */
function literal(value: unknown, type: GraphQLInputType): string {
  const inner = getNullableType(type);
  if (value === null || value === undefined) return 'null';
  if (isListType(inner)) return Array.isArray(value) ? `[${value.map((v) => literal(v, inner.ofType)).join(', ')}]` : literal(value, inner.ofType);
  if (isInputObjectType(inner) && typeof value === 'object') {
    const fields = inner.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`)
      .join(', ')} }`;
  }
  if (isEnumType(inner) && typeof value === 'string') return value;
  return JSON.stringify(value);
}
