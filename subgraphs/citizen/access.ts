import { authorize, isAllowed } from '../kit';
import type { CitizenContext } from './context';

/**
 * Who may see what in this subgraph: the kit's one rule in domain 'citizen', applied to every
 * citizen object on its own. A relation is a citizen of its own: seeing Karen's children
 * shows their CPR numbers (part of Karen's record), not their names.
 */

export const CITIZEN_DOMAIN = 'citizen';

/** Whether the caller may read this citizen's register data (the 'system' actor may: the gateway's custody check). */
export function mayRead(context: CitizenContext, cpr: string): boolean {
  return isAllowed(context.caller, cpr, CITIZEN_DOMAIN, 'read');
}

/** FORBIDDEN unless the caller may read the citizen; call before any register read. */
export function assertMayRead(context: CitizenContext, cpr: string): void {
  authorize(context.caller, cpr, CITIZEN_DOMAIN, 'read');
}

/** Notes a read of the citizen's data for their access log (the citizen's own reads are not logged). */
export function recordRead(context: CitizenContext, cpr: string): void {
  context.access.record(cpr, CITIZEN_DOMAIN);
}

/** The signed-in citizen's CPR number; undefined for caseworkers, analysts and the system. */
export function signedInCitizen(context: CitizenContext): string | undefined {
  const { actor } = context.caller;
  return actor.kind === 'citizen' ? actor.cpr : undefined;
}
