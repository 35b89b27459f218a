import { LRUCache } from 'lru-cache';
import type { ServiceCatalogue } from '../../subgraphs/kit/catalogue/catalogue';
import { CALLER_CONTEXT_HEADER, type ContextKeys, type Domain, signCallerContext } from '../../subgraphs/kit/caller';
import type { SelfserviceClient } from '../../subgraphs/kit/selfserviceClient';
import { type Clock, requestTime } from '../../subgraphs/kit/clock';
import type { ActingDirectory } from './resolveCallerContext';

export interface ActingDirectoryClientOptions {
  readonly selfservice: Pick<SelfserviceClient, 'actingContext'>;
  /** The citizen subgraph's GraphQL URL: the register's relations and municipality come from it. */
  readonly citizenSubgraphUrl: string;
  readonly catalogue: ServiceCatalogue;
  readonly signingKey: NonNullable<ContextKeys['privateKey']>;
  /** The process's one clock: the system context's time and lifetime. */
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** Register facts change rarely; keep them this long (ms). */
  readonly registerFactsTtlMs?: number;
}

type RegisterFacts = { parentCprs: string[]; municipalityCode: string | null };

const REGISTER_FACTS_QUERY = 'query GatewayRegisterFacts($cpr: CPR!) { citizen(cpr: $cpr) { parents { cpr } address { municipality { code } } } }';

/**
 * How the gateway learns, once per request, what it needs to decide acting-for: delegations and
 * exemptions from the selfservice store, parents and municipality from the register (through
 * the citizen subgraph, as the 'system' actor, which may read register data and nothing else).
 */
export class ActingDirectoryClient implements ActingDirectory {
  private readonly facts: LRUCache<string, RegisterFacts | 'none'>;
  private systemTokenCache?: { token: Promise<string>; until: number };

  constructor(private readonly options: ActingDirectoryClientOptions) {
    this.facts = new LRUCache({ max: 10_000, ttl: options.registerFactsTtlMs ?? 60_000 });
  }

  async actingContext(actorCpr: string | null, subjectCpr: string, onDate: string) {
    const token = await this.systemToken();
    const answer = await this.options.selfservice.actingContext(token, { actorCpr: actorCpr ?? subjectCpr, subjectCpr, onDate });
    return {
      // A caseworker holds no delegation; asking with the subject as actor returns none by construction.
      delegations: actorCpr ? answer.delegations.map((d) => ({ id: d.id, services: d.services, actions: d.actions })) : [],
      exemptions: answer.exemptions.map((e) => ({ authorities: e.authorities, reason: e.reason, validTo: e.validTo })),
    };
  }

  async registerFacts(subjectCpr: string): Promise<RegisterFacts | null> {
    const cached = this.facts.get(subjectCpr);
    if (cached) return cached === 'none' ? null : cached;
    const response = await fetch(this.options.citizenSubgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLER_CONTEXT_HEADER]: await this.systemToken() },
      body: JSON.stringify({ query: REGISTER_FACTS_QUERY, variables: { cpr: subjectCpr } }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    const body = (await response.json()) as { data?: { citizen: { parents: { cpr: string }[] | null; address: { municipality: { code: string } } | null } | null }; errors?: unknown[] };
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

  domainOfService(serviceCode: string): Domain | undefined {
    return this.options.catalogue.get(serviceCode)?.domain as Domain | undefined;
  }

  /** The gateway's own context is the same for every request: signed once per 20 s of its 30 s life, not per call. */
  private systemToken(): Promise<string> {
    const time = requestTime(this.options.clock);
    const now = Date.parse(time.at);
    if (!this.systemTokenCache || this.systemTokenCache.until <= now || this.systemTokenCache.until > now + 20_000) {
      const token = signCallerContext({ actor: { kind: 'system', id: 'gateway', scopes: [] }, channel: 'DIGITAL_SELF_SERVICE', requestId: 'gateway-acting-check', ...time }, this.options.signingKey);
      this.systemTokenCache = { token, until: now + 20_000 };
      token.catch(() => { this.systemTokenCache = undefined; });
    }
    return this.systemTokenCache.token;
  }
}
