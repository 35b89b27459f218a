import { LRUCache } from 'lru-cache';
import type { ServiceCatalogue } from '../../subgraphs/kit/catalogue/catalogue';
import { CALLER_CONTEXT_HEADER, type CallerContext, type ContextKeys, type Domain, signCallerContext } from '../../subgraphs/kit/caller';
import type { SelfserviceClient } from '../../subgraphs/kit/selfserviceClient';
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
  /** Register facts change rarely; keep them this long (ms). */
  readonly registerFactsTtlMs?: number;
}

type RegisterFacts = { parentCprs: string[]; municipalityCode: string | null };

const REGISTER_FACTS_QUERY = 'query GatewayRegisterFacts($cpr: CPR!) { citizen(cpr: $cpr) { parents { cpr } address { municipality { code } } } }';

/**
 * How the gateway learns, once per request, what it needs to decide acting-for: delegations and
 * exemptions from the selfservice store, parents and municipality from the register (through
 * the citizen subgraph), each as the 'system' actor bound to that one lookup.
 */
export class ActingDirectoryClient implements ActingDirectory {
  private readonly facts: LRUCache<string, RegisterFacts | 'none'>;

  constructor(private readonly options: ActingDirectoryClientOptions) {
    this.facts = new LRUCache({ max: 10_000, ttl: options.registerFactsTtlMs ?? 60_000 });
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
    const response = await fetch(this.options.citizenSubgraphUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': lookup.requestId,
        [CALLER_CONTEXT_HEADER]: await this.systemContext('citizen', subjectCpr, lookup),
      },
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
