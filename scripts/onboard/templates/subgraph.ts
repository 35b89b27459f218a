import type { SystemNames } from '../names';
import type { ProtocolTemplate } from './protocol';

/** What the agency asked for: the service it files (if any) and how the system is described. */
export interface ScaffoldPlan {
  readonly names: SystemNames;
  readonly title: string;
  readonly legacyTitle: string;
  /** The catalogue service the subgraph files, and the mutation filing it; undefined: read only. */
  readonly filing?: { readonly service: string; readonly mutation: string };
  /** Operations drafted from --from, named for the guidance comments; empty without --from. */
  readonly drafted: readonly string[];
}

/**
 * The files of subgraphs/<name>/ that do not depend on the protocol: SDL, graph types, mapping,
 * loaders, context, resolvers, the filing mutation, server, main, wiring. The protocol template
 * supplies the client and how main.ts and wiring.ts build it.
 */
export function subgraphFiles(plan: ScaffoldPlan, protocol: ProtocolTemplate): Record<string, string> {
  const { name } = plan.names;
  const files: Record<string, string> = {
    'schema.graphql': schemaGraphql(plan),
    'types.ts': typesTs(plan),
    'records.ts': recordsTs(plan),
    'mapping.ts': mappingTs(plan),
    'loaders.ts': loadersTs(plan, protocol),
    'context.ts': contextTs(plan, protocol),
    'resolvers.ts': resolversTs(plan, protocol),
    'server.ts': serverTs(plan, protocol),
    'main.ts': protocol.mainTs(plan),
    'config.ts': protocol.configTs(plan),
    'wiring.ts': protocol.wiringTs(plan),
    [protocol.clientFile(plan.names)]: protocol.clientTs(plan),
  };
  if (plan.filing) files[`${plan.filing.mutation}.ts`] = filingTs(plan, protocol);
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [`subgraphs/${name}/${file}`, text]));
}

function schemaGraphql(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const imports = ['"@key"', '"@shareable"', '"@authenticated"'].join(', ');
  const filing = plan.filing
    ? `

"Changes to ${name} data: filing with ${graphqlText(plan.legacyTitle)}."
type Mutation {
  """
  Files the service "${plan.filing.service}" for input.cpr: the citizen online, a person acting for them
  (power of attorney or custody), or a caseworker at the counter. When the service is mandatory
  digital, a filing at the counter needs an exemption (DIGITAL_SELF_SERVICE_REQUIRED otherwise).
  Send the same idempotencyKey when retrying: a retry returns the first result and files nothing
  twice. Null with FORBIDDEN when the caller may not file for this citizen, LEGACY_* when the
  ${name} system failed (nothing was filed; retry with the same key).
  """
  ${plan.filing.mutation}(
    "What is filed."
    input: ${pascal}FilingInput!
    "A key of your choice for this filing (a UUID is a good choice), the same on every retry of it."
    idempotencyKey: ID!
  ): ${pascal}FilingResult @authenticated
}

"A filing with ${graphqlText(plan.legacyTitle)}."
input ${pascal}FilingInput {
  "The citizen the filing is for."
  cpr: CPR!
}

"How a filing reached the authority: the citizen online, a person holding their power of attorney, or a caseworker at the counter."
enum Channel {
  "The citizen filed it themselves, online."
  DIGITAL_SELF_SERVICE
  "A person holding the citizen's power of attorney filed it, online."
  DELEGATE
  "A caseworker filed it at the counter, serving the citizen in person."
  ASSISTED
}

"What a filing did."
type ${pascal}FilingResult @authenticated {
  "The ${name} system's reference for the filing; quote it when contacting the authority."
  reference: String!
  "Where the filing stands."
  status: ${pascal}Status!
  "The date the ${name} system received it."
  receivedOn: Date!
  "The citizen filed for."
  citizen: Citizen!
  "How the filing reached the authority."
  channel: Channel!
  "Whether the filing relied on the citizen's exemption from mandatory digital self-service (assisted filings only)."
  exemptionUsed: Boolean!
}`
    : '';
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [${imports}])

"A Danish personal identification number (CPR), ten digits, DDMMYYSSSS; a hyphen after the date is accepted on input. Numbers failing the old modulus-11 check are valid."
scalar CPR

"A calendar date in ISO 8601 form, YYYY-MM-DD, with no time or time zone."
scalar Date

"A person in the population register. The ${name} subgraph adds their record in ${graphqlText(plan.legacyTitle)}."
type Citizen @key(fields: "cpr") @authenticated {
  "The citizen's CPR number."
  cpr: CPR!
  "The citizen's record in the ${name} system. Null when they have none, or when the ${name} system failed or sent a value this graph cannot read (the error then names legacySystem \\"${name}\\")."
  ${name}: ${pascal}Record
}

"Where a citizen's ${name} record stands."
enum ${pascal}Status {
  "In force."
  ACTIVE
  "Received and not yet decided."
  PENDING
  "Was in force and has ended."
  ENDED
}

"A citizen's record in ${graphqlText(plan.legacyTitle)}."
type ${pascal}Record @authenticated {
  "Where the record stands."
  status: ${pascal}Status!
  "The date the record took effect."
  since: Date!
  "The four-digit code of the municipality the record belongs to, e.g. \\"0751\\"."
  municipalityCode: String!
}${filing}
`;
}

function typesTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const filing = plan.filing
    ? `

/** What the ${name} system answers for a filing, mapped (see mapping.ts). */
export interface ${pascal}Filed {
  readonly reference: string;
  readonly status: ${pascal}Status;
  readonly receivedOn: string;
}`
    : '';
  return `/** The graph's ${name} shapes (mirroring schema.graphql); mapping.ts produces them from the system's records. */

export type ${pascal}Status = 'ACTIVE' | 'PENDING' | 'ENDED';

export interface ${pascal}Record {
  readonly status: ${pascal}Status;
  /** ISO date. */
  readonly since: string;
  readonly municipalityCode: string;
}${filing}
`;
}

function recordsTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const drafted =
    plan.drafted.length > 0
      ? `\n *\n * Drafted from the agency's document (${plan.names.protocol === 'soap' ? 'WSDL' : 'OpenAPI'}): ${plan.names.protocol === 'soap' ? 'soapOperations.ts' : 'restOperations.ts'} has its\n * operations and types. To use one, call it from the client and return its answer in these shapes.`
      : '';
  return `/**
 * The ${name} system's records as the client hands them on: every value the text the system sent,
 * dates as YYYYMMDD. Nothing here is trusted: mapping.ts checks each field.${drafted}
 */

export interface ${pascal}LegacyRecord {
  readonly cpr: string;
  /** The system's status code: A (in force), V (waiting), O (ended). */
  readonly status: string;
  /** YYYYMMDD. */
  readonly since: string;
  /** Four digits. */
  readonly municipality: string;
}

/** A filing as the client sends it. */
export interface ${pascal}Submission {
  readonly cpr: string;
  /** Our reference for the filing: the system files once per reference (see kit/filing.ts clientReference). */
  readonly clientReference: string;
}

/** The system's receipt for a filing (or, for a reference it has seen, the filing made then). */
export interface ${pascal}Receipt {
  readonly reference: string;
  readonly cpr: string;
  readonly status: string;
  /** YYYYMMDD. */
  readonly received: string;
}
`;
}

function mappingTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const filing = plan.filing
    ? `

export function toFiled(receipt: ${pascal}Receipt): ${pascal}Filed {
  const reference = field(receipt, 'reference').trim();
  if (reference === '') throw badResponse('reference is empty');
  return { reference, status: code(STATUSES, receipt, 'status'), receivedOn: date(receipt, 'received') };
}`
    : '';
  return `import { LegacyError } from '../../platform';
import { isIsoDate } from '../../domain';
import type { ${pascal}LegacyRecord${plan.filing ? `, ${pascal}Receipt` : ''} } from './records';
import type { ${plan.filing ? `${pascal}Filed, ` : ''}${pascal}Record, ${pascal}Status } from './types';

/**
 * The ${name} system's records to graph shapes. This is the one file an agency finishes by hand:
 * name the system's codes and fields here, and the schema's types after them (schema.graphql,
 * types.ts). Anything that cannot be read (an unknown code, an impossible date) is a LegacyError
 * 'bad-response' naming the system, never a guess; only the record in question fails (loaders.ts).
 */

export const ${upper}_SYSTEM = '${name}';

/** The system's status codes. A code missing here fails its record with bad-response: add it here and to the schema's enum. */
const STATUSES: Readonly<Record<string, ${pascal}Status>> = {
  A: 'ACTIVE',
  V: 'PENDING',
  O: 'ENDED',
};

export function to${pascal}Record(record: ${pascal}LegacyRecord): ${pascal}Record {
  const municipalityCode = field(record, 'municipality').trim();
  if (!/^\\d{4}$/.test(municipalityCode)) throw badResponse(\`municipality is not four digits: \${JSON.stringify(municipalityCode)}\`);
  return { status: code(STATUSES, record, 'status'), since: date(record, 'since'), municipalityCode };
}${filing}

/** YYYYMMDD to YYYY-MM-DD; bad-response unless it is a real calendar date. */
export function isoFromLegacyDate(text: string, name = 'date'): string {
  const match = /^(\\d{4})(\\d{2})(\\d{2})$/.exec(text.trim());
  const iso = match ? \`\${match[1]}-\${match[2]}-\${match[3]}\` : '';
  if (!isIsoDate(iso)) throw badResponse(\`\${name} is not a YYYYMMDD date: \${JSON.stringify(text)}\`);
  return iso;
}

// Each helper names the field that failed, never the citizen.

function field(record: object, name: string): string {
  const value = (record as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw badResponse(\`\${name} is missing or not text\`);
  return value;
}

function code<T>(table: Readonly<Record<string, T>>, record: object, name: string): T {
  const raw = field(record, name).trim();
  const value = Object.hasOwn(table, raw) ? table[raw] : undefined;
  if (value === undefined) throw badResponse(\`\${name} has unknown code \${JSON.stringify(raw)}\`);
  return value;
}

function date(record: object, name: string): string {
  return isoFromLegacyDate(field(record, name), name);
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(${upper}_SYSTEM, 'bad-response', detail);
}
`;
}

function loadersTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal, upper } = plan.names;
  const client = protocol.clientClass(plan.names);
  return `import { createBatchLoader, type LoaderCaching } from '../kit';
import type { ${client} } from './${protocol.clientModule(plan.names)}';
import { ${upper}_SYSTEM, to${pascal}Record } from './mapping';
import type { ${pascal}LegacyRecord } from './records';
import type { ${pascal}Record } from './types';

/** The record kinds the loaders cache under (part of every cache key: keep them stable; TTLs are per "${name}.<kind>"). */
export const ${upper}_KINDS = {
  record: 'record',
} as const;

/**
 * Per-request loaders over the client's batch reads: the fields of N citizens in one request cost
 * one legacy call per kind. The read-through cache holds the records as the system sent them; the
 * kit maps them after it, so one unreadable record fails only its own key. Make one set per request.
 * A new kind of data is a client method taking many CPR numbers, a mapping, and one loader here.
 */
export function createLoaders(client: ${client}, { cache, freshness }: LoaderCaching = {}) {
  return {
    record: createBatchLoader<${pascal}LegacyRecord, ${pascal}Record>({
      system: ${upper}_SYSTEM, kind: ${upper}_KINDS.record, cache, freshness, fetchMany: (cprs) => client.records(cprs), map: to${pascal}Record,
    }),
  };
}

export type ${pascal}Loaders = ReturnType<typeof createLoaders>;
`;
}

function contextTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal } = plan.names;
  const client = protocol.clientClass(plan.names);
  return `import { subgraphContextFunction, type SubgraphRequestContext, type SubgraphRuntime } from '../kit';
import type { ${client} } from './${protocol.clientModule(plan.names)}';
import { createLoaders, type ${pascal}Loaders } from './loaders';

/** The per-request context: the verified caller, access log, freshness report, and this request's loaders. */
export interface ${pascal}Context extends SubgraphRequestContext {
  readonly loaders: ${pascal}Loaders;
}

/** Verifies the gateway-signed caller context (UNAUTHENTICATED without one, or one addressed to another service), then makes the loaders. */
export function createContextFunction(client: ${client}, runtime: Pick<SubgraphRuntime, 'contextPublicKey' | 'clock' | 'cache'>) {
  return subgraphContextFunction({ ...runtime, audience: '${name}' }, (base) => createLoaders(client, { cache: runtime.cache, freshness: base.freshness }));
}
`;
}

function resolversTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal } = plan.names;
  const filing = plan.filing;
  const client = protocol.clientClass(plan.names);
  return `import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar, DateScalar } from '../../domain';
import { readForCitizen${filing ? '' : ', type SubgraphRuntime'} } from '../kit';
import type { ${pascal}Context } from './context';
${filing ? `import { create${cap(filing.mutation)}, type FilingDeps } from './${filing.mutation}';\n` : `import type { ${client} } from './${protocol.clientModule(plan.names)}';\n`}
export type { ${pascal}Context } from './context';

interface CitizenRef {
  readonly cpr: string;
}
${
  filing
    ? ''
    : `
export type ResolverDeps = Pick<SubgraphRuntime, 'cache' | 'logger'> & { readonly client: ${client} };
`
}
/** The ${name} subgraph's resolvers: every Citizen field authorizes first (domain "${name}"), then reads through a loader. */
export function createResolvers(${filing ? 'deps: FilingDeps' : '_deps: ResolverDeps'}): GraphQLResolverMap<${pascal}Context> {
  return {
    CPR: CprScalar,
    Date: DateScalar,
    Citizen: {
      // No check here: the stub carries only the CPR number the caller sent; every field checks.
      __resolveReference: ({ cpr }: CitizenRef) => ({ cpr }),
      ${name}: ({ cpr }: CitizenRef, _args: unknown, ctx: ${pascal}Context) => readForCitizen(ctx, cpr, '${name}', () => ctx.loaders.record.load(cpr)),
    },${
      filing
        ? `
    Mutation: {
      ${filing.mutation}: create${cap(filing.mutation)}(deps),
    },`
        : ''
    }
  };
}
`;
}

function filingTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal, upper } = plan.names;
  const filing = plan.filing!;
  const client = protocol.clientClass(plan.names);
  const constant = `${filing.service.replace(/-/g, '_').toUpperCase()}_SERVICE`;
  return `import { assertFilingAllowed, type Channel } from '../../domain';
import { toGraphQLError } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import type { ${pascal}Context } from './context';
import type { ${client} } from './${protocol.clientModule(plan.names)}';
import { ${upper}_KINDS } from './loaders';
import { ${upper}_SYSTEM, toFiled } from './mapping';
import type { ${pascal}Filed } from './types';

/** The catalogue service this mutation files (domain/catalogue/services.json; the registry's "files"). */
export const ${constant} = '${filing.service}';
const MUTATION = '${filing.mutation}';

export type FilingDeps = Pick<SubgraphRuntime, 'cache' | 'catalogue' | 'idempotency' | 'selfservice' | 'logger'> & { readonly client: ${client} };

export interface ${pascal}FilingInput {
  readonly cpr: string;
}

/** What the mutation returns (and what a retry with the same idempotency key gets back). */
export interface ${pascal}FilingResult extends ${pascal}Filed {
  readonly citizen: { readonly cpr: string };
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * The ${filing.mutation} resolver, as every filing mutation of the graph: authorize under the
 * mandatory-digital rule (domain/caller/filingRule.ts), write the access-log entry ahead of the
 * write, file once per idempotency key (and once per client reference in the ${name} system), then
 * drop the stale cache entries, note the access and record the filing through selfservice.
 * Checks of the input beyond the CPR number go before logFilingIntent; the fields the system
 * needs go into the submission (records.ts) and the input type (schema.graphql).
 */
export function create${cap(filing.mutation)}(deps: FilingDeps) {
  return async (_root: unknown, args: { input: ${pascal}FilingInput; idempotencyKey: string }, ctx: ${pascal}Context): Promise<${pascal}FilingResult> => {
    const { cpr } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: ctx.caller, cpr, serviceCode: ${constant}, catalogue: deps.catalogue, today: ctx.today });
    const scope = \`\${MUTATION}:\${ctx.caller.actor.id}\`;
    await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: '${name}', mutation: MUTATION, subjectCpr: cpr });

    const result = await deps.idempotency.run({ scope, key: args.idempotencyKey, input: { cpr }, at: ctx.at }, async () => {
      // The write is outside the transaction, so the ${name} system files once per reference too.
      const receipt = await fileOnce(deps.client, cpr, clientReference(scope, args.idempotencyKey));
      return { ...receipt, citizen: { cpr }, channel: ctx.caller.channel, exemptionUsed: exemptionUsed !== undefined } satisfies ${pascal}FilingResult;
    });

    // Also on a replay: if the first attempt stopped after its write, this finishes the job (each step is idempotent).
    await finishFiling({
      logger: deps.logger, selfservice: deps.selfservice, ctx, domain: '${name}', mutation: MUTATION,
      invalidate: async () => { await deps.cache?.invalidate(${upper}_SYSTEM, ${upper}_KINDS.record, [cpr]); },
      filing: { service: ${constant}, subjectCpr: cpr, reference: result.reference, channel: result.channel },
    });
    return result;
  };
}

async function fileOnce(client: ${client}, cpr: string, reference: string): Promise<${pascal}Filed> {
  try {
    return toFiled(await client.submit({ cpr, clientReference: reference }));
  } catch (error) {
    throw toGraphQLError(error);
  }
}
`;
}

function serverTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal } = plan.names;
  const client = protocol.clientClass(plan.names);
  return `import path from 'node:path';
import { accessLogPlugin, buildSubgraphServer, type SubgraphRuntime, type SubgraphServer } from '../kit';
import { loadTypeDefs } from '../../platform';
import { createContextFunction, type ${pascal}Context } from './context';
import type { ${client} } from './${protocol.clientModule(plan.names)}';
import { createResolvers } from './resolvers';

export type ${pascal}SubgraphDeps = SubgraphRuntime & {
  readonly client: ${client};
};

/** Builds the ${name} subgraph (${escapeTs(plan.title)}); no side effects until listen(). */
export function build${pascal}Subgraph(deps: ${pascal}SubgraphDeps): SubgraphServer {
  return buildSubgraphServer<${pascal}Context>({
    name: '${name}',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers: createResolvers(deps) }],
    context: createContextFunction(deps.client, deps),
    plugins: [accessLogPlugin(deps.selfservice, deps.logger)],
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    onStop: () => deps.client.close(),
  });
}
`;
}

export function cap(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** For text inside a GraphQL "string". */
export function graphqlText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** For text inside a TypeScript comment. */
export function escapeTs(text: string): string {
  return text.replace(/\*\//g, '* /');
}

/** A TypeScript string literal in single quotes. */
export function tsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
