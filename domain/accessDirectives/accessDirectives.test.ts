import { buildASTSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { operationRequirements } from './operationRequirements';
import { readAccessDirectives } from './readAccessDirectives';
import { scopesSatisfied } from './types';

/** A supergraph-shaped document: the directives linked for SECURITY, as composition writes them. */
const SUPERGRAPH = `
  schema
    @link(url: "https://specs.apollo.dev/link/v1.0")
    @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
    @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
  { query: Query }
  directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  scalar link__Import
  scalar requiresScopes__Scope
  enum link__Purpose { SECURITY EXECUTION }

  type Query {
    services: [Service!]!
    me: Person
    search: [Result!]!
    nodes: [Node!]!
    report: Report @requiresScopes(scopes: [["report:read"], ["admin", "audit"]])
  }
  type Service implements Node { id: ID! code: String! }
  type Person implements Node @authenticated { id: ID! name: String }
  union Result = Service | Person
  interface Node { id: ID! }
  type Report { total: Int! }
`;

const schema = buildASTSchema(parse(SUPERGRAPH), { assumeValidSDL: true });
const directives = readAccessDirectives(parse(SUPERGRAPH));

function required(query: string): string[] {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return [...operationRequirements(schema, document, operation, directives).keys()].sort();
}

describe('access directives: what an operation asks of its caller', () => {
  it('public fields ask nothing; introspection is left to the server', () => {
    expect(required('{ services { code } __typename __schema { queryType { name } } }')).toEqual([]);
  });

  it('a field returning a marked type, and every field of it, asks for a caller', () => {
    expect(required('{ me { name } }')).toEqual(['Person.name', 'Query.me']);
  });

  it('fields reached through named fragments and inline fragments on a union are found', () => {
    expect(required('query { search { ...P } } fragment P on Result { ... on Person { name } ... on Service { code } }')).toEqual(['Person.name']);
  });

  it('a field on an interface asks what it asks on any possible type', () => {
    expect(required('{ nodes { id } }')).toEqual(['Node.id']);
    expect(required('{ nodes { ... on Service { id } } }')).toEqual([]);
  });

  it('__typename on a union may reveal a marked member: it asks for a caller too', () => {
    expect(required('{ search { __typename } }')).toEqual(['Result.__typename']);
  });

  it('@requiresScopes: any one inner list, all of its scopes', () => {
    const document = parse('{ report { total } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const requirement = operationRequirements(schema, document, operation, directives).get('Query.report')!;
    expect(scopesSatisfied(requirement, ['report:read'])).toBe(true);
    expect(scopesSatisfied(requirement, ['admin', 'audit'])).toBe(true);
    expect(scopesSatisfied(requirement, ['admin'])).toBe(false);
    expect(scopesSatisfied(requirement, [])).toBe(false);
  });

  it('a subgraph document: imported names, renamed imports and the namespaced form are all read', () => {
    const subgraph = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", { name: "@authenticated", as: "@signedIn" }])
      type Query { a: Int @signedIn b: Int @federation__requiresScopes(scopes: [["x"]]) c: Int }
    `);
    const read = readAccessDirectives(subgraph);
    expect([...read.fields.keys()].sort()).toEqual(['Query.a', 'Query.b']);
  });

  it('a supergraph without the directives is all public', () => {
    expect(readAccessDirectives(parse('type Query { a: Int }'))).toEqual({ types: new Map(), fields: new Map() });
  });

  it('fail closed: @policy, or an unknown security feature, refuses the document', () => {
    expect(() =>
      readAccessDirectives(
        parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@policy"])
      type Query { a: Int @policy(policies: [["p"]]) }
    `),
      ),
    ).toThrow(/Query\.a carries @policy/);
    expect(() =>
      readAccessDirectives(
        parse(`
      schema @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY) { query: Query }
      type Query { a: Int }
    `),
      ),
    ).toThrow(/policy\/v0\.1.*cannot enforce/);
  });
});
