import { LRUCache } from 'lru-cache';
import { internalFetch } from '../../platform/internalHttp';
import type { ServiceCatalogue } from '../../domain/catalogue/catalogue';
import { type Actor, CALLER_CONTEXT_HEADER, type CallerContext, type ContextKeys, type Domain, signCallerContext } from '../../domain/caller';
import type { RequestTime } from '../../platform/clock';
import { inSpan, SPAN_ATTRIBUTES, SpanKind, withTraceContext } from '../../platform/tracing';
import type { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import type { ActingDirectory, SystemLookup } from './resolveCallerContext';

export interface ActingDirectoryClientOptions {
  readonly selfservice: Pick<SelfserviceClient, 'actingContext'>;
  /** The citizen subgraph's GraphQL URL: the register's relations and municipality come from it. */
  readonly citizenSubgraphUrl: string;
  readonly catalogue: ServiceCatalogue;
  readonly signingKey: NonNullable<ContextKeys['privateKey']>;
  /** How long each system context lives (seconds; one lookup). */
  readonly contextTtlSeconds?: number;
  readonly timeoutMs?: number;
  /** The HTTP client for the citizen subgraph: the gateway passes the one it calls subgraphs with (TLS, mutual TLS); default: the process's internal client. */
  readonly fetch?: typeof fetch;
  /** Register facts change rarely; keep them this long (ms). */
  readonly registerFactsTtlMs?: number;
}

type RegisterFacts = { parentCprs: string[]; municipalityCode: string | null };

const REGISTER_FACTS_QUERY = 'query GatewayRegisterFacts($cpr: CPR!) { citizen(cpr: $cpr) { parents { cpr } address { municipality { code } } } }';
const ACTOR_NAME_QUERY = 'query GatewayActorName { me { name { full } } }';
const CASELOAD_QUERY = 'query GatewayCaseloadCheck($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr address { municipality { code } } } }';
/** The citizen subgraph's largest Query.citizens. */
const CASELOAD_BATCH = 100;

/**
 * How the gateway learns, once per request, what it needs to decide acting-for: delegations and
 * exemptions from the selfservice store, parents and municipality from the register (through
 * the citizen subgraph), each as the 'system' actor bound to that one lookup.
 */
export class ActingDirectoryClient implements ActingDirectory {
  private readonly facts: LRUCache<string, RegisterFacts | 'none'>;
  private readonly names: LRUCache<string, string>;

  private readonly fetch: typeof fetch;

  constructor(private readonly options: ActingDirectoryClientOptions) {
    this.fetch = options.fetch ?? internalFetch();
    this.facts = new LRUCache({ max: 10_000, ttl: options.registerFactsTtlMs ?? 60_000 });
    this.names = new LRUCache({ max: 10_000, ttl: options.registerFactsTtlMs ?? 60_000 });
  }

  async actingContext(actorCpr: string | null, subjectCpr: string, lookup: SystemLookup) {
    const token = await this.systemContext('selfservice', subjectCpr, lookup);
    const answer = await this.options.selfservice.actingContext(token, { actorCpr: actorCpr ?? subjectCpr, subjectCpr, onDate: lookup.time.today });
    return {
      // A caseworker holds no delegation; asking with the subject as actor returns none by construction.
      delegations: actorCpr ? answer.delegations.map((d) => ({ id: d.id, services: d.services, actions: d.actions })) : [],
      exemptions: answer.exemptions.map((e) => ({ authorities: e.authorities, reason: e.reason, validTo: e.validTo })),
    };
  }

  async registerFacts(subjectCpr: string, lookup: SystemLookup): Promise<RegisterFacts | null> {
    const cached = this.facts.get(subjectCpr);
    if (cached) return cached === 'none' ? null : cached;
    const body = await this.askCitizen<{
      data?: { citizen: { parents: { cpr: string }[] | null; address: { municipality: { code: string } } | null } | null };
      errors?: unknown[];
    }>(REGISTER_FACTS_QUERY, { cpr: subjectCpr }, await this.systemContext('citizen', subjectCpr, lookup), lookup.requestId);
    const citizen = body.data?.citizen;
    if (!citizen) {
      if (body.errors?.length) throw new Error('the register could not be read to check acting-for');
      this.facts.set(subjectCpr, 'none');
      return null;
    }
    if (citizen.parents === null) throw new Error('the register could not be read to check acting-for');
    const facts = { parentCprs: citizen.parents.map((p) => p.cpr), municipalityCode: citizen.address?.municipality.code ?? null };
    this.facts.set(subjectCpr, facts);
    return facts;
  }

  async residences(cprs: readonly string[], callerContext: string, requestId: string): Promise<Record<string, string>> {
    const found: Record<string, string> = {};
    for (let start = 0; start < cprs.length; start += CASELOAD_BATCH) {
      const body = await this.askCitizen<{
        data?: { citizens: ({ cpr: string; address: { municipality: { code: string } } | null } | null)[] | null };
        errors?: { extensions?: { code?: string } }[];
      }>(CASELOAD_QUERY, { cprs: cprs.slice(start, start + CASELOAD_BATCH) }, callerContext, requestId);
      // Citizens the caseworker may not see come back without an address (FORBIDDEN): not in the caseload. Anything else is an outage.
      if (!body.data?.citizens || (body.errors ?? []).some((e) => e.extensions?.code !== 'FORBIDDEN'))
        throw new Error('the register could not be read to check the caseload');
      for (const citizen of body.data.citizens) {
        if (citizen?.address) found[citizen.cpr] = citizen.address.municipality.code;
      }
    }
    return found;
  }

  /**
   * The signed-in citizen's own name in the register, read in their own name (a context for them
   * alone, for the citizen subgraph, a query): their own record, so the system identity gains no
   * right to names and no one's log gets an entry. Only answers are cached; an outage asks again.
   */
  async registerName(actor: Actor, request: { requestId: string; time: RequestTime }): Promise<string | null> {
    if (actor.kind !== 'citizen' || !actor.cpr) return null;
    const cached = this.names.get(actor.cpr);
    if (cached !== undefined) return cached;
    const own: CallerContext = { actor, channel: 'DIGITAL_SELF_SERVICE', requestId: request.requestId, at: request.time.at, today: request.time.today };
    const ownContext = await signCallerContext(own, this.options.signingKey, { audience: 'citizen', operation: 'query' }, this.options.contextTtlSeconds ?? 10);
    const body = await this.askCitizen<{ data?: { me: { name: { full: string } | null } | null } | null }>(
      ACTOR_NAME_QUERY,
      undefined,
      ownContext,
      request.requestId,
    );
    const name = body.data?.me?.name?.full ?? null;
    if (name) this.names.set(actor.cpr, name);
    return name;
  }

  domainOfService(serviceCode: string): Domain | undefined {
    return this.options.catalogue.get(serviceCode)?.domain as Domain | undefined;
  }

  /** One query to the citizen subgraph under the given caller context: the JSON answer, as sent. */
  private async askCitizen<T>(query: string, variables: Record<string, unknown> | undefined, callerContext: string, requestId: string): Promise<T> {
    // A client span in the request's trace, continued by the citizen subgraph from traceparent (a no-op while tracing is off).
    return inSpan(
      'subgraph citizen',
      { kind: SpanKind.CLIENT, attributes: { [SPAN_ATTRIBUTES.subgraph]: 'citizen', [SPAN_ATTRIBUTES.httpMethod]: 'POST' } },
      async (span) => {
        const response = await this.fetch(this.options.citizenSubgraphUrl, {
          method: 'POST',
          headers: withTraceContext({ 'content-type': 'application/json', 'x-request-id': requestId, [CALLER_CONTEXT_HEADER]: callerContext }),
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        span.setAttribute(SPAN_ATTRIBUTES.httpStatus, response.status);
        return (await response.json()) as T;
      },
    );
  }

  /**
   * The gateway's own identity, minted per lookup: for one service, one request, one subject, a
   * query only, with the purpose the subject's access log shows. It can read that subject's
   * register relations and municipality (citizen) or their powers of attorney and exemptions
   * (selfservice), nothing else, and cannot be replayed elsewhere.
   */
  private systemContext(audience: string, subjectCpr: string, lookup: SystemLookup): Promise<string> {
    const context: CallerContext = {
      actor: { kind: 'system', id: 'citizen-graph-gateway', scopes: [], name: 'Citizen Graph (acting-for check)' },
      actingFor: { cpr: subjectCpr, basis: 'system-check', grants: [{ domain: 'citizen', actions: ['read'] }] },
      channel: 'DIGITAL_SELF_SERVICE',
      requestId: lookup.requestId,
      at: lookup.time.at,
      today: lookup.time.today,
      purpose: lookup.purpose,
    };
    return signCallerContext(context, this.options.signingKey, { audience, operation: 'query' }, this.options.contextTtlSeconds ?? 10);
  }
}
