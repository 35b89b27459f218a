import type { Action, Channel, Domain } from '../../../domain/caller/types';
import { internalFetch } from '../../../platform/internalHttp';
import { CALLER_CONTEXT_HEADER } from '../../../domain/caller/signing';
import { SERVICE_AUTH_HEADER, type ServiceCredential, serviceProof } from '../../../domain/caller/serviceIdentity';
import { LegacyError, messageOf } from '../../../platform/errors';

/**
 * The selfservice subgraph's internal endpoints, for the gateway and other subgraphs: who may
 * act for whom today, the access log, filings for uptake, and (for the citizen subgraph) whom a
 * holder holds powers of attorney from. Every call carries a gateway-signed
 * caller context; the types below are the wire contract both sides use.
 */

export interface ActingContextQuery {
  /** The person signed in. */
  readonly actorCpr: string;
  /** The citizen they act for. */
  readonly subjectCpr: string;
  /** ISO date (Danish time) the request is for. */
  readonly onDate: string;
}

export interface ActiveDelegation {
  readonly id: string;
  /** Service codes from the catalogue. */
  readonly services: readonly string[];
  readonly actions: readonly Action[];
  readonly validFrom: string;
  readonly validTo: string;
}

export interface ActiveExemption {
  readonly id: string;
  /** 'ALL', or the authorities covered ("municipality:0751", "udbetaling-danmark", ...). */
  readonly authorities: 'ALL' | readonly string[];
  readonly reason: string;
  readonly validFrom: string;
  /** null: open-ended. */
  readonly validTo: string | null;
}

/** Delegations from subject to actor, and the subject's exemptions, in force on the date. */
export interface ActingContextAnswer {
  readonly delegations: readonly ActiveDelegation[];
  readonly exemptions: readonly ActiveExemption[];
}

/** Why someone other than the citizen touched their data. */
export type AccessRole = 'DELEGATE' | 'CASEWORKER' | 'CUSTODIAN' | 'SYSTEM';

export interface AccessLogEntry {
  readonly subjectCpr: string;
  /** The token subject of who looked. */
  readonly actorId: string;
  readonly actorRole: AccessRole;
  /** Caseworkers: their authority ("municipality:0751"). */
  readonly actorAuthority?: string;
  /** Who, by name, as actorNameOf(context) says; selfservice refuses any other and fills it in when absent. */
  readonly actorName?: string;
  readonly domain: Domain;
  /** The GraphQL operation or field, e.g. "query CitizenOverview" or "mutation fileHousingBenefit". */
  readonly operation: string;
  readonly requestId: string;
  /** ISO instant. */
  readonly at: string;
}

export interface FilingEntry {
  /** Service code from the catalogue. */
  readonly service: string;
  readonly channel: Channel;
  /** Four digits: the citizen's municipality. */
  readonly municipalityCode: string;
  readonly subjectCpr: string;
  /** ISO instant. */
  readonly filedAt: string;
  /** The filing's reference in its own system; recording the same reference twice counts once. */
  readonly reference: string;
}

/** Which of these citizens granted the caller (a holder, for themselves) a power of attorney in force today. */
export interface GrantorsInForceQuery {
  readonly grantorCprs: readonly string[];
}

/** The asked citizens from whom the caller holds a power of attorney in force on the request's day. */
export interface GrantorsInForceAnswer {
  readonly grantorCprs: readonly string[];
}

export const SELFSERVICE_INTERNAL_PATHS = {
  actingContext: '/internal/acting-context',
  accessLog: '/internal/access-log',
  filings: '/internal/filings',
  grantorsInForce: '/internal/grantors-in-force',
} as const;

/** Most access-log entries one call may carry. */
export const MAX_ACCESS_LOG_ENTRIES = 500;

/** Most citizens one grantors-in-force question may name (one request's batch). */
export const MAX_GRANTORS_PER_QUERY = 100;

export interface SelfserviceClientOptions {
  /** The selfservice service's base URL, e.g. http://127.0.0.1:4005 (without /graphql). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** The HTTP client: defaults to the process's internal undici client (platform/internalHttp.ts); pass internalFetch(dispatcher) for mutual TLS. */
  readonly fetch?: typeof fetch;
  /** A subgraph's own credential: access-log and filing writes are refused without it. The gateway needs none. */
  readonly credential?: ServiceCredential;
}

export class SelfserviceClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SelfserviceClientOptions) {
    if (!(options.timeoutMs > 0)) throw new Error(`SelfserviceClient: timeoutMs must be > 0 milliseconds, got ${options.timeoutMs}`);
    try {
      new URL(options.baseUrl);
    } catch {
      throw new Error(`SelfserviceClient: baseUrl must be a URL like http://127.0.0.1:4005, got "${options.baseUrl}"`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? internalFetch();
  }

  /** The delegations and exemptions in force for one request; the gateway asks once per request. */
  async actingContext(signedContext: string, query: ActingContextQuery): Promise<ActingContextAnswer> {
    return (await this.post(SELFSERVICE_INTERNAL_PATHS.actingContext, signedContext, query)) as ActingContextAnswer;
  }

  /** Resolves once the entries are committed; a rejection means the data must not be returned. */
  async recordAccess(signedContext: string, entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (let i = 0; i < entries.length; i += MAX_ACCESS_LOG_ENTRIES) {
      await this.post(SELFSERVICE_INTERNAL_PATHS.accessLog, signedContext, { entries: entries.slice(i, i + MAX_ACCESS_LOG_ENTRIES) });
    }
  }

  /**
   * Which of `grantorCprs` granted the context's citizen a power of attorney in force today: the
   * citizen subgraph asks (with its credential) before showing a holder their grantors' names.
   */
  async grantorsInForce(signedContext: string, grantorCprs: readonly string[]): Promise<ReadonlySet<string>> {
    const held = new Set<string>();
    for (let i = 0; i < grantorCprs.length; i += MAX_GRANTORS_PER_QUERY) {
      const query: GrantorsInForceQuery = { grantorCprs: grantorCprs.slice(i, i + MAX_GRANTORS_PER_QUERY) };
      const answer = (await this.post(SELFSERVICE_INTERNAL_PATHS.grantorsInForce, signedContext, query)) as GrantorsInForceAnswer;
      for (const cpr of answer.grantorCprs) held.add(cpr);
    }
    return held;
  }

  async recordFiling(signedContext: string, entry: FilingEntry): Promise<void> {
    await this.post(SELFSERVICE_INTERNAL_PATHS.filings, signedContext, { entry });
  }

  private async post(path: string, signedContext: string, body: unknown): Promise<unknown> {
    let response: Response;
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', [CALLER_CONTEXT_HEADER]: signedContext };
    if (this.options.credential) headers[SERVICE_AUTH_HEADER] = serviceProof(this.options.credential, { path, body: text, callerContext: signedContext });
    try {
      response = await this.fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new LegacyError('selfservice', 'timeout', `${path}: no answer within ${this.options.timeoutMs} ms`);
      throw new LegacyError('selfservice', 'unavailable', `${path}: ${messageOf(error)}`);
    }
    const answer = await response.text();
    if (response.status >= 500) throw new LegacyError('selfservice', 'unavailable', `${path}: HTTP ${response.status}`, response.status);
    if (response.status >= 400) throw new LegacyError('selfservice', 'fault', `${path}: HTTP ${response.status} ${answer.slice(0, 300)}`, response.status);
    if (response.status === 204 || answer === '') return undefined;
    try {
      return JSON.parse(answer);
    } catch {
      throw new LegacyError('selfservice', 'bad-response', `${path}: the answer is not JSON`);
    }
  }
}
