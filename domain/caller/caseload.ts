import { describeAuthority, municipalityCodeOf } from '../catalogue/authority';
import type { CallerContext } from './types';

/**
 * Which citizens a caseworker reaches: those they serve, named in the x-act-for header (the
 * gateway logs the look in the citizen's access log before anything is read), and those in their
 * authority's caseload. A municipality's caseload is the residents the population register places
 * in it; a national authority (the tax agency, Udbetaling Danmark) has no caseload of residents,
 * so its caseworkers name the citizen they serve. authorize.ts applies this; nothing else decides it.
 */

/** What the population register says about a citizen, where a subgraph has the record (the citizen subgraph). */
export interface RegisterFacts {
  /** Four-digit code of the municipality of residence; null without an address (or not in the register). */
  readonly municipalityCode: string | null;
}

/** Stable `extensions.reason` of a FORBIDDEN, for clients to branch on. */
export type RefusalReason =
  /** A caseworker's token lacks the domain scope ("housing:read", "housing:assist"). */
  | 'SCOPE_MISSING'
  /** A caseworker of a national authority, or any caseworker filing, did not name the citizen in x-act-for. */
  | 'CITIZEN_NOT_NAMED'
  /** A municipality's caseworker read a citizen neither named in x-act-for nor registered in the municipality. */
  | 'NOT_IN_CASELOAD'
  /** A citizen touched someone else's data without acting for them. */
  | 'NOT_ACTING_FOR_CITIZEN'
  /** A delegate or custodian asked for something the power of attorney does not cover. */
  | 'NOT_DELEGATED'
  /** Analysts read aggregates only; the gateway's system identity reads only what its check needs. */
  | 'NO_PERSONAL_DATA_ACCESS'
  /** Exemptions: the caller's authority is not responsible for the exemption or its services. */
  | 'OUTSIDE_REMIT'
  /** Exemptions: the citizen's municipality could not be established, so responsibility cannot be checked. */
  | 'MUNICIPALITY_UNKNOWN';

export type Reach =
  | { readonly reached: true; readonly by: 'served' | 'caseload' }
  | { readonly reached: false; readonly reason: RefusalReason; readonly message: string };

/**
 * Whether the caseworker in `ctx` reaches citizen `cpr`. `register` is the register's record where
 * the subgraph has it; elsewhere the gateway's caseload lookup (ctx.citizenMunicipalities) decides.
 */
export function caseworkerReach(ctx: CallerContext, cpr: string, register?: RegisterFacts): Reach {
  if (ctx.actingFor?.cpr === cpr) return { reached: true, by: 'served' };
  const home = municipalityCodeOf(ctx.actor.authority);
  if (!home) {
    return refused(
      'CITIZEN_NOT_NAMED',
      `${capitalized(describeAuthority(ctx.actor.authority))} has no caseload of residents: name the citizen you serve in the x-act-for header (the look is written to their access log).`,
    );
  }
  const residence = register ? register.municipalityCode : ctx.citizenMunicipalities?.[cpr];
  if (residence === home) return { reached: true, by: 'caseload' };
  return refused(
    'NOT_IN_CASELOAD',
    `This citizen is not a registered resident of Municipality ${home} (your caseload), and you did not name them as the citizen you serve. If you serve them, name them in the x-act-for header (the look is written to their access log).`,
  );
}

/**
 * The response extension in which the citizen subgraph (the register) tells the gateway, for a
 * caseworker's request, the municipality (CPR number -> code) of each citizen it served them under
 * the caseload rule: the gateway then signs those into the same request's later subgraph calls
 * instead of asking the register again. Only the gateway reads it, and only from that subgraph.
 */
export const CASELOAD_RESIDENCES_EXTENSION = 'caseloadResidences';

/** True when only the citizen's municipality of residence can still let this caseworker reach them. */
export function caseloadNeedsResidence(ctx: CallerContext, cpr: string): boolean {
  return ctx.actor.kind === 'caseworker' && ctx.actingFor?.cpr !== cpr && municipalityCodeOf(ctx.actor.authority) !== undefined;
}

/** The citizen's municipality as this call knows it: the subject's (decided at the gateway) or a caseload lookup's. */
export function knownMunicipalityOf(ctx: CallerContext, cpr: string): string | undefined {
  const isSubject = ctx.actingFor ? ctx.actingFor.cpr === cpr : ctx.actor.cpr === cpr;
  if (isSubject && ctx.subjectMunicipalityCode) return ctx.subjectMunicipalityCode;
  return ctx.citizenMunicipalities?.[cpr];
}

function refused(reason: RefusalReason, message: string): Reach {
  return { reached: false, reason, message };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
