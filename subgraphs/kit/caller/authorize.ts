import { GraphQLError } from 'graphql';
import type { Action, CallerContext, Domain } from './types';

/** Caseworker scopes: "<domain>:read" to read, "<domain>:assist" to file at the counter. */
export function scopeFor(domain: Domain, action: Action): string {
  return `${domain}:${action === 'read' ? 'read' : 'assist'}`;
}

/**
 * Whether the caller may do `action` in `domain` for citizen `cpr`. The one rule every
 * subgraph applies to every citizen object and mutation.
 */
export function isAllowed(ctx: CallerContext, cpr: string, domain: Domain, action: Action, service?: string): boolean {
  const { actor, actingFor } = ctx;
  if (actor.kind === 'citizen' && actor.cpr === cpr) return true;
  // The gateway's own identity: the register facts of the one citizen its acting-for check is about.
  if (actor.kind === 'system') return domain === 'citizen' && action === 'read' && actingFor?.cpr === cpr;
  if (actor.kind === 'caseworker') return actor.scopes.includes(scopeFor(domain, action));
  if (actor.kind !== 'citizen' || !actingFor || actingFor.cpr !== cpr) return false;
  return actingFor.grants.some((grant) =>
    grant.domain === domain
    && grant.actions.includes(action)
    && (!service || !grant.services || grant.services.length === 0 || grant.services.includes(service)));
}

/** Throws FORBIDDEN (never says whether the citizen exists) unless isAllowed. */
export function authorize(ctx: CallerContext, cpr: string, domain: Domain, action: Action, service?: string): void {
  if (isAllowed(ctx, cpr, domain, action, service)) return;
  throw forbidden(`You may not ${action === 'read' ? 'read' : 'file'} ${domain} data for this citizen.`, domain);
}

export function forbidden(message: string, domain?: Domain): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...(domain ? { domain } : {}) } });
}

export function unauthenticated(message = 'A valid caller context signed by the gateway is required.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
