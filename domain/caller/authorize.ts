import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { caseloadNeedsResidence, caseworkerReach, type RefusalReason, type RegisterFacts } from './caseload';
import type { Action, CallerContext, Domain } from './types';

/** Caseworker scopes: "<domain>:read" to read, "<domain>:assist" to file at the counter. */
export function scopeFor(domain: Domain, action: Action): string {
  return `${domain}:${action === 'read' ? 'read' : 'assist'}`;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: RefusalReason; readonly message: string };

/**
 * Whether the caller may do `action` in `domain` for citizen `cpr`, and if not, why. The one rule
 * every subgraph applies to every citizen object and mutation. `register` is the register's record
 * of the citizen, where the subgraph has it (the citizen subgraph); see caseload.ts.
 */
export function decide(ctx: CallerContext, cpr: string, domain: Domain, action: Action, service?: string, register?: RegisterFacts): Decision {
  const { actor, actingFor } = ctx;
  if (actor.kind === 'citizen' && actor.cpr === cpr) return ALLOWED;
  // The gateway's own identity: the register facts of the one citizen its acting-for check is about.
  if (actor.kind === 'system') {
    return domain === 'citizen' && action === 'read' && actingFor?.cpr === cpr ? ALLOWED : refusedFor('NO_PERSONAL_DATA_ACCESS', domain, action);
  }
  if (actor.kind === 'caseworker') {
    const scope = scopeFor(domain, action);
    if (!actor.scopes.includes(scope))
      return {
        allowed: false,
        reason: 'SCOPE_MISSING',
        message: `Your role does not include the scope ${scope}, so you may not ${verb(action)} ${domain} data.`,
      };
    // A filing at the counter is for the citizen served: named, their exemptions checked, the filing logged first.
    if (action === 'file' && actingFor?.cpr !== cpr) {
      return { allowed: false, reason: 'CITIZEN_NOT_NAMED', message: 'A caseworker files only for the citizen they serve: name them in the x-act-for header.' };
    }
    const reach = caseworkerReach(ctx, cpr, register);
    return reach.reached ? ALLOWED : { allowed: false, reason: reach.reason, message: reach.message };
  }
  if (actor.kind !== 'citizen') return refusedFor('NO_PERSONAL_DATA_ACCESS', domain, action);
  if (!actingFor || actingFor.cpr !== cpr) return refusedFor('NOT_ACTING_FOR_CITIZEN', domain, action);
  const granted = actingFor.grants.some(
    (grant) =>
      grant.domain === domain &&
      grant.actions.includes(action) &&
      (!service || !grant.services || grant.services.length === 0 || grant.services.includes(service)),
  );
  return granted ? ALLOWED : refusedFor('NOT_DELEGATED', domain, action);
}

export function isAllowed(ctx: CallerContext, cpr: string, domain: Domain, action: Action, service?: string, register?: RegisterFacts): boolean {
  return decide(ctx, cpr, domain, action, service, register).allowed;
}

/**
 * True when the decision for a caseworker still waits on the citizen's register record: they have
 * the scope and do not serve the citizen, so only residence in their municipality can allow it.
 * The citizen subgraph then reads the record first; no other subgraph has it.
 */
export function needsRegisterFacts(ctx: CallerContext, cpr: string, domain: Domain, action: Action): boolean {
  return action === 'read' && ctx.actor.scopes.includes(scopeFor(domain, action)) && caseloadNeedsResidence(ctx, cpr);
}

/** Throws FORBIDDEN with the reason (never says whether the citizen exists) unless allowed. */
export function authorize(ctx: CallerContext, cpr: string, domain: Domain, action: Action, service?: string, register?: RegisterFacts): void {
  const decision = decide(ctx, cpr, domain, action, service, register);
  if (!decision.allowed) throw forbidden(decision.message, domain, decision.reason);
}

export function forbidden(message: string, domain?: Domain, reason?: RefusalReason): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...(domain ? { domain } : {}), ...(reason ? { reason } : {}) } });
}

export function unauthenticated(message = 'A valid caller context signed by the gateway is required.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

const ALLOWED: Decision = { allowed: true };

function verb(action: Action): string {
  return action === 'read' ? 'read' : 'file';
}

function refusedFor(reason: RefusalReason, domain: Domain, action: Action): Decision {
  return { allowed: false, reason, message: `You may not ${verb(action)} ${domain} data for this citizen.` };
}

/**
 * A holder's one read outside acting-for: a citizen, signed in for themselves, may read the name
 * (and only the name) of a citizen whose power of attorney they hold in force today, so they know
 * whom they may act for. `holdsDelegationFrom` asks the selfservice store; it is asked only for a
 * citizen reading someone else. The citizen subgraph logs the read in the grantor's log as DELEGATE.
 */
export async function mayReadNameAsHolder(ctx: CallerContext, cpr: string, holdsDelegationFrom: (grantorCpr: string) => Promise<boolean>): Promise<boolean> {
  const { actor, actingFor } = ctx;
  if (actor.kind !== 'citizen' || !actor.cpr || actor.cpr === cpr) return false;
  // Acting for someone else, the request is about them: the holder reads their grantors' names for themselves.
  if (actingFor && actingFor.cpr !== actor.cpr) return false;
  return holdsDelegationFrom(cpr);
}
