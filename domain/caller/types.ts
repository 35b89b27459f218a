import type { RequestTime } from '../../platform/clock';

/**
 * The caller context: who acts, for whom, with which permissions, over which channel.
 * The gateway decides it once per request (identity + delegation/custody/scope check) and
 * signs it; subgraphs verify the signature and authorize every citizen object against it.
 */

/** A data domain, one per subgraph (systems/registry.ts); permissions and caseworker scopes are per domain. */
export type { Domain } from '../../systems/registry';
import type { Domain } from '../../systems/registry';

export type Action = 'read' | 'file';

/** How a filing reached us: what the uptake figures count. */
export type Channel = 'DIGITAL_SELF_SERVICE' | 'DELEGATE' | 'ASSISTED';

/**
 * 'system' is the gateway itself checking acting-for (custody from the register's relations, a
 * subject's delegations and exemptions); it may read those facts and nothing else, and each use
 * is logged in the subject's access log with its purpose.
 */
export type ActorKind = 'citizen' | 'caseworker' | 'analyst' | 'system';

export interface Actor {
  readonly kind: ActorKind;
  /** The token's subject. */
  readonly id: string;
  /** Citizens only: their own CPR number (the `nin` claim). */
  readonly cpr?: string;
  /** Caseworkers and analysts: their authority, e.g. "municipality:0751", "agency:tax". */
  readonly authority?: string;
  /** Caseworkers and analysts: e.g. "housing:read", "housing:assist". */
  readonly scopes: readonly string[];
  readonly name?: string;
}

/** Why the actor may act for the subject. */
export type Basis = 'self' | 'delegation' | 'custody' | 'caseworker' | 'system-check';

/** What the actor may do for the subject in one domain. */
export interface Grant {
  readonly domain: Domain;
  readonly actions: readonly Action[];
  /** Delegations name services; empty means every service of the domain. */
  readonly services?: readonly string[];
}

/** An exemption from mandatory digital self-service the subject holds today. */
export interface ExemptionInForce {
  /** "ALL", or authority ids such as "municipality:0751", "agency:tax". */
  readonly authorities: 'ALL' | readonly string[];
  readonly reason: string;
  readonly validTo: string | null;
}

export interface ActingFor {
  /** The citizen acted for. */
  readonly cpr: string;
  readonly basis: Basis;
  readonly grants: readonly Grant[];
  readonly delegationId?: string;
  /** The subject's exemptions in force; filled for assisted (caseworker) requests. */
  readonly exemptions?: readonly ExemptionInForce[];
}

/** `at` and `today` (RequestTime): the request's one instant and Danish date, decided at the gateway. */
export interface CallerContext extends RequestTime {
  readonly actor: Actor;
  /** Absent when a citizen acts only for themselves, or for a caseworker not serving anyone. */
  readonly actingFor?: ActingFor;
  readonly channel: Channel;
  readonly requestId: string;
  /**
   * The register's municipality of the citizen the request is about (the signed-in citizen,
   * or the one acted for): matches municipal exemptions and counts filings by municipality.
   */
  readonly subjectMunicipalityCode?: string;
  /**
   * Caseworkers only: the register's municipality (CPR number -> four-digit code) of citizens this
   * one subgraph call is about, looked up by the gateway for the caseload rule (caseload.ts), since
   * only the citizen subgraph holds the register. A citizen missing here is not in the caseload.
   */
  readonly citizenMunicipalities?: Readonly<Record<string, string>>;
  /** System contexts only: why the gateway looks, shown in the subject's access log. */
  readonly purpose?: string;
}

/** What a signed context is bound to besides the caller: the one service and operation kind it was minted for. */
export interface ContextBinding {
  /** The service the context is addressed to ("citizen", "tax", "selfservice", ...). */
  readonly audience: string;
  /** A context minted for a query is refused for a mutation. */
  readonly operation: OperationKind;
}

export type OperationKind = 'query' | 'mutation';
