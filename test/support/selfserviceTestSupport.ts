import { LegacyHttp } from '../../platform/legacyHttp';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CALLER_CONTEXT_HEADER,
  type ContextBinding,
  type ContextKeys,
  generateContextKeys,
  generateServiceCredential,
  SERVICE_AUTH_HEADER,
  type ServiceCredential,
  serviceProof,
  signCallerContext,
} from '../../domain/caller';
import type { Grant } from '../../domain/caller/types';
import { PinnedClock } from '../../platform/clock';
import { serviceCatalogue, type ServiceCatalogue } from '../../domain/catalogue/catalogue';
import { stamped, type UnstampedContext } from './callerContexts';
import { generatePopulation } from '../../legacy/population';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { silentLogger } from '../../platform/logger';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import { openThrowawaySchema, type RecordedQuery, type SqlClient } from '../../platform/sql';
import type { RunningService } from '../../subgraphs/kit/subgraphServer';
import type { SelfservicePolicy } from '../../subgraphs/selfservice/policy';
import { buildSelfserviceSubgraph } from '../../subgraphs/selfservice/server';
import { FILING_SUBGRAPHS } from '../../systems';

/** Shared by the selfservice tests (not a test itself): personas, signed contexts, a running subgraph. */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface PersonaJson {
  id: string;
  kind: string;
  cpr?: string;
  municipalityCode?: string;
  authority?: string;
  scopes?: string[];
}
const personas = (JSON.parse(readFileSync(path.join(__dirname, '../../personas/personas.json'), 'utf8')) as { personas: PersonaJson[] }).personas;

export function personaCpr(id: string): string {
  const found = personas.find((p) => p.id === id);
  if (!found?.cpr) throw new Error(`no citizen persona ${id}`);
  return found.cpr;
}

/** 1 March 2024, 11:00 in Denmark: every test runs on this day unless it says otherwise. */
export const TEST_NOW = new Date('2024-03-01T10:00:00Z');
export const TEST_TODAY = '2024-03-01';

export function asCitizen(cpr: string, actingFor?: { cpr: string; grants: Grant[] }): UnstampedContext {
  return {
    actor: { kind: 'citizen', id: `sub-${cpr}`, cpr, scopes: [] },
    actingFor: actingFor ? { cpr: actingFor.cpr, basis: 'delegation', grants: actingFor.grants } : undefined,
    channel: actingFor ? 'DELEGATE' : 'DIGITAL_SELF_SERVICE',
    requestId: randomUUID(),
  };
}

export function asCaseworker(scopes: string[], authority = 'municipality:0751', id = 'caseworker-aarhus'): UnstampedContext {
  return { actor: { kind: 'caseworker', id, authority, scopes }, channel: 'ASSISTED', requestId: randomUUID() };
}

export function asAnalyst(scopes = ['uptake:read']): UnstampedContext {
  return { actor: { kind: 'analyst', id: 'analyst', authority: 'ministry:digitalisation', scopes }, channel: 'DIGITAL_SELF_SERVICE', requestId: randomUUID() };
}

export const AARHUS_GRANTER = asCaseworker(['citizen:read', 'exemptions:grant', 'selfservice:read']);

/**
 * A caseworker at the counter serving citizen `cpr` (named in x-act-for), with the citizen's
 * municipality as the gateway reads it from the register (a persona's, unless given). By default
 * the grant scope at the citizen's own municipality (Borgerservice).
 */
export function servingCitizen(cpr: string, options: { authority?: string; scopes?: string[]; id?: string; municipalityCode?: string } = {}): UnstampedContext {
  const municipalityCode = options.municipalityCode ?? personas.find((p) => p.cpr === cpr)?.municipalityCode;
  const authority = options.authority ?? `municipality:${municipalityCode}`;
  const caseworker = asCaseworker(
    options.scopes ?? ['citizen:read', 'exemptions:grant', 'selfservice:read'],
    authority,
    options.id ?? `caseworker-${authority}`,
  );
  return { ...caseworker, actingFor: { cpr, basis: 'caseworker', grants: [], exemptions: [] }, subjectMunicipalityCode: municipalityCode };
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestSelfservice {
  readonly service: RunningService;
  readonly baseUrl: string;
  readonly sql: SqlClient;
  /** Every statement sent by the service, in order. */
  readonly queries: RecordedQuery[];
  /** The gateway's private key this service trusts, for hand-made tokens. */
  readonly privateKey: NonNullable<ContextKeys['privateKey']>;
  /** The service's pinned clock: contexts are stamped with its instant and date. */
  readonly clock: PinnedClock;
  /** The subgraphs' credentials this service trusts on its internal endpoints, by name. */
  readonly credentials: Readonly<Record<string, ServiceCredential>>;
  readonly catalogue: ServiceCatalogue;
  /** The population register stand-in the service asks whether a holder exists (fault knobs for outages). */
  readonly cprStandIn: RunningStandIn;
  /** Signed for selfservice and a mutation unless the binding says otherwise. */
  sign(context: UnstampedContext, binding?: Partial<ContextBinding>): Promise<string>;
  /** GraphQL as `context` (signed with the gateway's key); a string is sent as the header as is; null sends none. */
  gql(query: string, variables: Record<string, unknown>, context: UnstampedContext | string | null): Promise<GraphQLAnswer>;
  /**
   * An internal call. `as.service` calls as that subgraph: the context is addressed to it and the
   * call carries its proof (as a subgraph's SelfserviceClient does); without it, as the gateway.
   */
  post(
    path: string,
    body: unknown,
    context: UnstampedContext | string | null,
    as?: { service?: string; operation?: ContextBinding['operation'] },
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** The subgraph on port 0 over a throwaway PostgreSQL schema (dropped on stop), asking the register stand-in. */
export async function startTestSelfservice(options: { clock?: PinnedClock; policy?: Partial<SelfservicePolicy> } = {}): Promise<TestSelfservice> {
  const queries: RecordedQuery[] = [];
  const sql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'selfservice', onQuery: (q) => queries.push(q) });
  const keys = await generateContextKeys();
  const clock = options.clock ?? new PinnedClock(TEST_NOW);
  const credentials = Object.fromEntries(FILING_SUBGRAPHS.map((name) => [name, generateServiceCredential(name)]));
  const cprStandIn = await startCprStandIn({ population: generatePopulation() });
  const cprClient = new CprClient({ http: new LegacyHttp({ baseURL: cprStandIn.url, timeoutMs: 2000, retries: 0, system: 'cpr' }) });
  const service = await buildSelfserviceSubgraph({
    sql,
    logger: silentLogger,
    contextPublicKey: keys.publicKey,
    services: Object.values(credentials),
    register: registerLookup(cprClient),
    clock,
    policy: options.policy,
  }).listen(0);
  const baseUrl = service.url.replace(/\/graphql$/, '');
  const sign = (context: UnstampedContext, binding: Partial<ContextBinding> = {}) =>
    signCallerContext(stamped(context, clock), keys.privateKey!, { audience: 'selfservice', operation: 'mutation', ...binding });
  const header = async (context: UnstampedContext | string | null, binding: Partial<ContextBinding> = {}): Promise<Record<string, string>> => {
    if (context === null) return {};
    if (typeof context === 'string') return { [CALLER_CONTEXT_HEADER]: context };
    return { [CALLER_CONTEXT_HEADER]: await sign(context, binding), 'x-request-id': context.requestId };
  };
  return {
    service,
    baseUrl,
    sql,
    queries,
    privateKey: keys.privateKey!,
    clock,
    credentials,
    catalogue: serviceCatalogue(),
    cprStandIn,
    sign,
    async gql(query, variables, context) {
      const res = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await header(context)) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async post(p, body, context, as = {}) {
      const sent = JSON.stringify(body);
      const headers = await header(context, { ...(as.service ? { audience: as.service } : {}), ...(as.operation ? { operation: as.operation } : {}) });
      const credential = as.service ? credentials[as.service] : undefined;
      if (credential && headers[CALLER_CONTEXT_HEADER])
        headers[SERVICE_AUTH_HEADER] = serviceProof(credential, { path: p, body: sent, callerContext: headers[CALLER_CONTEXT_HEADER] });
      const res = await fetch(`${baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      await service.stop();
      cprClient.close();
      await cprStandIn.close();
    },
  };
}

export function codes(answer: GraphQLAnswer): string[] {
  return (answer.errors ?? []).map((e) => e.extensions?.code);
}

export const GRANT_EXEMPTION = `mutation Grant($input: GrantExemptionInput!, $key: ID!) {
  grantExemption(input: $input, idempotencyKey: $key) { id reason coversAllAuthorities authorities validFrom validTo status grantedByAuthority events { kind validTo actorAuthority } }
}`;

export const GRANT_DELEGATION = `mutation Grant($input: GrantDelegationInput!, $key: ID!) {
  grantDelegation(input: $input, idempotencyKey: $key) { id grantor { cpr } holder { cpr } services { code } actions validFrom validTo status }
}`;

/** The gateway's system identity, checking acting-for about one subject. */
export function asSystem(subjectCpr: string, purpose = 'checked whether someone may act for you'): UnstampedContext {
  return {
    actor: { kind: 'system', id: 'citizen-graph-gateway', scopes: [] },
    actingFor: { cpr: subjectCpr, basis: 'system-check', grants: [{ domain: 'citizen', actions: ['read'] }] },
    channel: 'DIGITAL_SELF_SERVICE',
    requestId: randomUUID(),
    purpose,
  };
}

/** The context a filing over `channel` for `subjectCpr` is made under. */
export function filingContext(channel: string, subjectCpr: string): UnstampedContext {
  if (channel === 'DELEGATE') return asCitizen(personaCpr('mads'), { cpr: subjectCpr, grants: [] });
  if (channel === 'ASSISTED') return { ...asCaseworker(['housing:assist']), actingFor: { cpr: subjectCpr, basis: 'caseworker', grants: [] } };
  return asCitizen(subjectCpr);
}

/**
 * Records a filing through /internal/filings as the subgraph that files the service would: its
 * credential, a mutation's context for the subject and channel, at the filing's instant.
 */
export async function recordFiling(
  ss: TestSelfservice,
  entry: { service: string; channel: string; municipalityCode: string; subjectCpr: string; filedAt: string; reference: string },
) {
  const service = ss.catalogue.get(entry.service)?.domain;
  const before = ss.clock.now();
  ss.clock.set(entry.filedAt);
  try {
    const filedAt = new Date(entry.filedAt).toISOString();
    return await ss.post('/internal/filings', { entry: { ...entry, filedAt } }, filingContext(entry.channel, entry.subjectCpr), {
      service,
      operation: 'mutation',
    });
  } finally {
    ss.clock.set(before);
  }
}
