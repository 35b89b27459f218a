import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { ACT_FOR_HEADER } from '../../gateway/identity/createGatewayContext';
import { personaCpr, type PersonaEntry } from '../../legacy/population';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The access-log rule, for every field the graph serves: whenever someone other than the citizen
 * gets data from a Citizen field, the citizen's access log ("Min Log") holds an entry for that
 * request, in that field's domain and with the actor's role. The fields are generated from the
 * schema the gateway serves, so a new Citizen field is checked the day it is composed.
 */
const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const FREJA = personaCpr('freja');

/** Values for required arguments, as GraphQL literals: "Type.field.argument" first, then the argument name. */
const REQUIRED_ARGUMENTS: Record<string, string> = {
  // The tax agency keeps statements for finished years only (currently 2020-2025).
  'Citizen.annualTaxStatement.year': '2025',
  year: '2026',
  first: '5',
};

/** Fields the generator must find, so it can never pass by generating nothing. */
const MUST_INCLUDE = [
  'name',
  'address',
  'children',
  'housingBenefit',
  'preliminaryIncomeAssessment',
  'benefitClaims',
  'benefitPayments',
  'exemptions',
  'delegationsGranted',
  'accessLog',
];

/** Below the gateway's maxDepth of 8: citizen and the field itself take two levels. */
const MAX_NESTED_LEVELS = 5;

/** A caseworker holding every read scope, minted by the development issuer: the only kind that may read delegations and logs. */
const CASEWORKER_ALL_READS: PersonaEntry = {
  id: 'caseworker-all-reads',
  kind: 'caseworker',
  name: 'Test Sagsbehandler',
  authority: 'municipality:0751',
  scopes: ['citizen:read', 'tax:read', 'housing:read', 'benefits:read', 'selfservice:read'],
  description: 'Caseworker with every read scope, for this test only.',
};

interface Actor {
  readonly key: string;
  readonly describe: string;
  readonly persona: string | PersonaEntry;
  readonly subject: string;
  /** Whether the actor names the subject in x-act-for; a caseworker may look a citizen up without. */
  readonly actFor: boolean;
  readonly role: 'DELEGATE' | 'CUSTODIAN' | 'CASEWORKER';
  /** How the subject's log is read: as the subject through the graph, or from the store (a child's log). */
  readonly logReader: 'subject' | 'store';
  readonly subjectPersona?: string;
}

const ACTORS: readonly Actor[] = [
  {
    key: 'delegate',
    describe: 'Mads for Ingrid (power of attorney)',
    persona: 'mads',
    subject: INGRID,
    actFor: true,
    role: 'DELEGATE',
    logReader: 'subject',
    subjectPersona: 'ingrid',
  },
  // Only the citizen and caseworkers may read a log, so Freja's is read from the store.
  { key: 'custodian', describe: 'Karen for Freja (custody)', persona: 'karen', subject: FREJA, actFor: true, role: 'CUSTODIAN', logReader: 'store' },
  {
    key: 'caseworker',
    describe: 'caseworker-aarhus for Ingrid (x-act-for)',
    persona: 'caseworker-aarhus',
    subject: INGRID,
    actFor: true,
    role: 'CASEWORKER',
    logReader: 'subject',
    subjectPersona: 'ingrid',
  },
  {
    key: 'caseworkerLookup',
    describe: 'caseworker-aarhus looking Ingrid up (no x-act-for)',
    persona: 'caseworker-aarhus',
    subject: INGRID,
    actFor: false,
    role: 'CASEWORKER',
    logReader: 'subject',
    subjectPersona: 'ingrid',
  },
  {
    key: 'caseworkerAllReads',
    describe: 'a caseworker with every read scope for Karen (x-act-for)',
    persona: CASEWORKER_ALL_READS,
    subject: KAREN,
    actFor: true,
    role: 'CASEWORKER',
    logReader: 'subject',
    subjectPersona: 'karen',
  },
];

interface GeneratedField {
  readonly name: string;
  /** The domains whose subgraphs serve this selection: each must log the read. */
  readonly domains: readonly string[];
  readonly selection: string;
  /** Every personal leaf the selection reaches, e.g. "address.street". */
  readonly leaves: readonly string[];
}

interface LogEntry {
  readonly actorRole: string;
  readonly domain: string;
  readonly operation: string;
  readonly requestId: string;
}

describe('access log completeness: every third-party read of a Citizen field is logged', () => {
  let stack: TestStack;
  let fields: GeneratedField[];

  beforeAll(async () => {
    stack = await startTestStack();
    const introspection = await stack.graphql(getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
    const apiSchema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
    const supergraph = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    fields = generateCitizenFields(apiSchema, owningSubgraphs(supergraph));

    const delegable = delegableServices();
    const granted = await stack.as('ingrid')(
      'mutation Grant($input: GrantDelegationInput!) { grantDelegation(input: $input, idempotencyKey: "acl-completeness-1") { id status } }',
      { input: { holderCpr: personaCpr('mads'), services: delegable, actions: ['READ'], validTo: '2027-06-30' } },
    );
    expect(granted.body.errors).toBeUndefined();
  }, 60_000);
  afterAll(() => stack?.stop());

  it('generates a non-trivial field list from the schema the gateway serves', () => {
    const names = fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(MUST_INCLUDE));
    expect(names).not.toContain('cpr');
    for (const field of fields) expect(field.domains.length).toBeGreaterThan(0);
    console.log(
      `generated ${fields.length} Citizen fields:\n${fields.map((f) => `  ${f.name} [${f.domains.join(', ')}]: ${f.leaves.length} leaves`).join('\n')}`,
    );
  });

  it("every field that returned data to a delegate, a custodian or a caseworker left an entry in the subject's log", async () => {
    const holes: string[] = [];
    const unexpectedErrors: string[] = [];
    const answeredBy = new Map<string, string[]>(fields.map((f) => [f.name, []]));

    for (const actor of ACTORS) {
      for (const field of fields) {
        const operationName = `Read_${field.name}_${actor.key}`;
        const query = `query ${operationName}($cpr: CPR!) { citizen(cpr: $cpr) { ${field.name}${field.selection ? ` ${field.selection}` : ''} } }`;
        // Twice under the same operation name: the second read (warm caches, a name already logged) is owed its own entry.
        for (const round of [1, 2]) {
          const { body, requestId } = await send(stack, actor, query, { cpr: actor.subject });
          const value = body.data?.citizen?.[field.name];
          for (const error of body.errors ?? []) {
            if (error.extensions?.code !== 'FORBIDDEN') unexpectedErrors.push(`${operationName}: ${error.extensions?.code} ${error.message}`);
          }
          if (value === null || value === undefined) continue;
          if (round === 1) answeredBy.get(field.name)!.push(actor.key);

          const entries = await logEntries(stack, actor, requestId);
          const ofThisOperation = (e: LogEntry) => e.operation === `query ${operationName}` || e.operation.startsWith(`query ${operationName}__`);
          for (const domain of field.domains) {
            if (entries.some((e) => e.domain.toLowerCase() === domain && e.actorRole === actor.role && ofThisOperation(e))) continue;
            holes.push(
              `${field.name} (${domain}) read by ${actor.describe} (read ${round}) returned data, but no ${actor.role} entry for request ${requestId}; log had: ${JSON.stringify(entries)}`,
            );
          }
        }
      }
    }

    if (unexpectedErrors.length > 0)
      console.log(`errors other than FORBIDDEN (the field was then not checked for that actor):\n  ${unexpectedErrors.join('\n  ')}`);
    console.log(`fields answered per actor:\n${[...answeredBy].map(([name, keys]) => `  ${name}: ${keys.join(', ') || '(none)'}`).join('\n')}`);
    expect(holes).toEqual([]);
    // Every field must have given data to someone: a field nobody could read proved nothing.
    expect([...answeredBy].filter(([, keys]) => keys.length === 0).map(([name]) => name)).toEqual([]);
  }, 180_000);
});

/** One GraphQL request as the actor, with our own x-request-id, which the gateway echoes and stamps on the log. */
async function send(stack: TestStack, actor: Actor, query: string, variables: Record<string, unknown>) {
  const token = typeof actor.persona === 'string' ? await stack.tokenFor(actor.persona) : await stack.devIssuer.mint(actor.persona, 600);
  const sent = `acl-${randomUUID()}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': sent };
  if (actor.actFor) headers[ACT_FOR_HEADER] = actor.subject;
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const requestId = response.headers.get('x-request-id') ?? '';
  expect(requestId).toBe(sent);
  const body = (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { body, requestId };
}

/** The subject's log entries for one request: as the subject sees them in Min Log, or (a child's) from the store. */
async function logEntries(stack: TestStack, actor: Actor, requestId: string): Promise<LogEntry[]> {
  if (actor.logReader === 'store') {
    const { rows } = await stack.storeSql.query<LogEntry>(
      'SELECT actor_role AS "actorRole", domain, operation, request_id AS "requestId" FROM access_log WHERE subject_cpr = $1 AND request_id = $2',
      [actor.subject, requestId],
    );
    return rows;
  }
  const { body } = await stack.as(actor.subjectPersona!)(
    'query MinLog { me { accessLog(first: 100) { edges { node { actorRole domain operation requestId } } } } }',
  );
  expect(body.errors).toBeUndefined();
  return (body.data!.me.accessLog.edges as { node: LogEntry }[]).map((e) => e.node).filter((e) => e.requestId === requestId);
}

/** Every delegable service of the catalogue, so the delegate reaches every domain a delegation can cover. */
function delegableServices(): string[] {
  const catalogue = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'domain', 'catalogue', 'services.json'), 'utf8')) as {
    services: { code: string; delegable: boolean }[];
  };
  return catalogue.services.filter((s) => s.delegable).map((s) => s.code);
}

/** "Type.field" -> the subgraph names serving it, from the supergraph's @join__field directives. */
function owningSubgraphs(supergraphSdl: string): Map<string, string[]> {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const owners = new Map<string, string[]>();
  const argument = (directive: ConstDirectiveNode, name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        const name = graph && argument(graph, 'name');
        if (name?.kind === Kind.STRING) graphNames.set(value.name.value, name.value);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const graphs = (field.directives ?? [])
        .filter((d) => d.name.value === 'join__field')
        .map((d) => argument(d, 'graph'))
        .flatMap((g) => (g?.kind === Kind.ENUM ? [graphNames.get(g.value) ?? g.value.toLowerCase()] : []));
      if (graphs.length > 0) owners.set(`${definition.name.value}.${field.name.value}`, graphs);
    }
  }
  return owners;
}

/**
 * Every Citizen field but cpr, each with a selection of the personal data it reaches: every
 * leaf, recursing into objects, but a nested Citizen (someone else) only by their number.
 */
function generateCitizenFields(schema: GraphQLSchema, owners: Map<string, string[]>): GeneratedField[] {
  const citizen = schema.getType('Citizen');
  if (!isObjectType(citizen)) throw new Error('the served schema has no object type Citizen');
  const unknownArguments: string[] = [];
  const generated = Object.values(citizen.getFields())
    .filter((f) => f.name !== 'cpr')
    .map((field) => {
      const domains = new Set<string>();
      const leaves: string[] = [];
      const args = argumentsFor('Citizen', field, unknownArguments);
      // Only the subgraph serving this very field is owed the entry; a field several serve is any one of them.
      const owner = owners.get(`Citizen.${field.name}`) ?? [];
      if (owner.length === 1) domains.add(owner[0]);
      const selection = selectionFor(field.type, field.name, ['Citizen'], { owners, domains, leaves, unknownArguments });
      if (!selection) leaves.push(field.name);
      return { name: field.name, domains: [...domains], selection: `${args}${selection ? ` ${selection}` : ''}`.trim(), leaves };
    });
  if (unknownArguments.length > 0) {
    throw new Error(
      `No value for required arguments ${unknownArguments.join(', ')}: add them to REQUIRED_ARGUMENTS in this test (decide what a read of them looks like).`,
    );
  }
  return generated;
}

interface Walk {
  readonly owners: Map<string, string[]>;
  readonly domains: Set<string>;
  readonly leaves: string[];
  readonly unknownArguments: string[];
}

function selectionFor(type: GraphQLOutputType, at: string, typesOnPath: string[], walk: Walk): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  // Another citizen's fields are that citizen's data, checked when they are the subject.
  if (named.name === 'Citizen') {
    walk.leaves.push(`${at}.cpr`);
    return '{ cpr }';
  }
  if (!isObjectType(named) || typesOnPath.length > MAX_NESTED_LEVELS) return '{ __typename }';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (typesOnPath.includes(getNamedType(field.type).name)) continue;
    const args = argumentsFor(named.name, field, walk.unknownArguments);
    const owner = walk.owners.get(`${named.name}.${field.name}`) ?? [];
    if (owner.length === 1) walk.domains.add(owner[0]);
    const sub = selectionFor(field.type, `${at}.${field.name}`, [...typesOnPath, named.name], walk);
    if (!sub) walk.leaves.push(`${at}.${field.name}`);
    parts.push(`${field.name}${args}${sub ? ` ${sub}` : ''}`);
  }
  return parts.length > 0 ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

/** The required arguments' values from REQUIRED_ARGUMENTS; optional ones keep their defaults. */
function argumentsFor(typeName: string, field: GraphQLField<unknown, unknown>, unknown: string[]): string {
  const given = field.args
    .filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
    .map((a) => {
      const value = REQUIRED_ARGUMENTS[`${typeName}.${field.name}.${a.name}`] ?? REQUIRED_ARGUMENTS[a.name];
      if (value === undefined) unknown.push(`${typeName}.${field.name}(${a.name}: ${a.type.toString()})`);
      return `${a.name}: ${value}`;
    });
  return given.length > 0 ? `(${given.join(', ')})` : '';
}
