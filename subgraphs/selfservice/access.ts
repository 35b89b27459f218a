import { caseworkerReach, decide, forbidden } from '../../domain/caller';
import type { Actor, CallerContext } from '../../domain/caller/types';

/**
 * Who may do what in this subgraph, on top of the kit's decide and caseworkerReach. Delegations never reach
 * delegations or the access log: those belong to the citizen and the authorities only.
 */

export const EXEMPTION_GRANT_SCOPE = 'exemptions:grant';
export const UPTAKE_READ_SCOPE = 'uptake:read';
const SELFSERVICE_READ_SCOPE = 'selfservice:read';

export function isSelf(caller: CallerContext, cpr: string): boolean {
  return caller.actor.kind === 'citizen' && caller.actor.cpr === cpr;
}

/**
 * Exemptions: the kit's rule in domain 'selfservice' (self, selfservice:read, a selfservice grant)
 * shows them all. A caseworker with exemptions:grant who reaches the citizen (serves them, or their
 * caseload) sees those their authority decides (exemptionRemit.ts), to renew or revoke them.
 */
export function exemptionsVisibleTo(caller: CallerContext, cpr: string): 'all' | 'decided-by-caller' {
  const decision = decide(caller, cpr, 'selfservice', 'read');
  if (decision.allowed) return 'all';
  const { actor } = caller;
  if (actor.kind === 'caseworker' && actor.scopes.includes(EXEMPTION_GRANT_SCOPE)) {
    assertCaseworkerReaches(caller, cpr);
    return 'decided-by-caller';
  }
  throw forbidden(actor.kind === 'caseworker' ? decision.message : "You may not read this citizen's exemptions.", 'selfservice', decision.reason);
}

/** Delegations and the access log: the citizen themselves, or a caseworker with selfservice:read who reaches them (kit caseload.ts). */
export function assertMayReadPrivateRecords(caller: CallerContext, cpr: string, what: string): void {
  if (isSelf(caller, cpr)) return;
  if (caller.actor.kind === 'caseworker' && caller.actor.scopes.includes(SELFSERVICE_READ_SCOPE)) {
    assertCaseworkerReaches(caller, cpr);
    return;
  }
  throw forbidden(`Only the citizen themselves may read their ${what}.`, 'selfservice');
}

/** A caseworker holding the scope still reads only a citizen they serve or whose caseload they hold (kit caseload.ts). */
function assertCaseworkerReaches(caller: CallerContext, cpr: string): void {
  const reach = caseworkerReach(caller, cpr);
  if (!reach.reached) throw forbidden(reach.message, 'selfservice', reach.reason);
}

export interface Caseworker extends Actor {
  readonly authority: string;
}

export function requireExemptionGranter(caller: CallerContext): Caseworker {
  const { actor } = caller;
  if (actor.kind !== 'caseworker' || !actor.scopes.includes(EXEMPTION_GRANT_SCOPE) || !actor.authority) {
    throw forbidden(`Only caseworkers with the scope ${EXEMPTION_GRANT_SCOPE} may grant, renew or revoke exemptions.`, 'selfservice', 'SCOPE_MISSING');
  }
  return actor as Caseworker;
}

/** The citizen signed in, acting for themselves: the only one who grants or revokes their delegations. */
export function requireCitizenForThemselves(caller: CallerContext): Actor & { readonly cpr: string } {
  return requireForThemselves(
    caller,
    'Only a citizen signed in with their own identity may grant or revoke a power of attorney.',
    'A power of attorney is granted or revoked by the citizen themselves, not while acting for someone else.',
  );
}

/** The holder signed in, acting for themselves: the only one who renounces a power of attorney they hold. */
export function requireHolderForThemselves(caller: CallerContext): Actor & { readonly cpr: string } {
  return requireForThemselves(
    caller,
    'Only the citizen holding a power of attorney, signed in with their own identity, may renounce it.',
    'A power of attorney is renounced by its holder for themselves, not while acting for someone else.',
  );
}

function requireForThemselves(caller: CallerContext, notACitizen: string, actingForSomeoneElse: string): Actor & { readonly cpr: string } {
  const { actor, actingFor } = caller;
  if (actor.kind !== 'citizen' || !actor.cpr) throw forbidden(notACitizen, 'selfservice');
  if (actingFor && actingFor.cpr !== actor.cpr) throw forbidden(actingForSomeoneElse, 'selfservice');
  return actor as Actor & { readonly cpr: string };
}

export function requireAnalyst(caller: CallerContext): void {
  const { actor } = caller;
  if (actor.kind !== 'analyst' || !actor.scopes.includes(UPTAKE_READ_SCOPE))
    throw forbidden(`Uptake figures are for analysts with the scope ${UPTAKE_READ_SCOPE}.`, 'selfservice');
}
