import { describeAuthority, municipalityCodeOf } from '../../../domain/catalogue/authority';
import type { AuthorityKind, ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import { forbidden, knownMunicipalityOf, type RefusalReason } from '../../../domain/caller';
import type { CallerContext } from '../../../domain/caller/types';

/**
 * Who decides an exemption (grants, renews, revokes it, or reads it by the grant scope): the
 * authority that serves the services it covers (the catalogue says which: a municipality serves
 * its own residents' municipal services, the tax agency and Udbetaling Danmark their own), or the
 * citizen's own municipality on behalf of every authority (Borgerservice). An exemption covering
 * every authority is the citizen's municipality's alone. Nobody decides one outside their remit.
 */

/** What an exemption covers: every authority, or the listed ones ("municipality:0751", "agency:tax"). */
export interface ExemptionCoverage {
  readonly allAuthorities: boolean;
  readonly authorities: readonly string[];
}

export type RemitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: Extract<RefusalReason, 'OUTSIDE_REMIT' | 'MUNICIPALITY_UNKNOWN'>; readonly message: string };

/**
 * Whether authority `decider` may decide an exemption with `coverage` for a citizen registered in
 * municipality `residence` (four-digit code; undefined when the register could not say).
 */
export function mayDecideExemption(decider: string, coverage: ExemptionCoverage, residence: string | undefined, catalogue: ServiceCatalogue): RemitDecision {
  const deciderMunicipality = municipalityCodeOf(decider);
  if (deciderMunicipality === undefined) {
    // A national authority: its own services only, for any citizen.
    if (coverage.allAuthorities) {
      return outsideRemit(
        `Only the citizen's own municipality decides an exemption covering every authority; ${describeAuthority(decider)} decides one for its own services only (authority "${decider}").`,
      );
    }
    const foreign = coverage.authorities.find((covered) => covered !== decider);
    if (!foreign) return ALLOWED;
    return outsideRemit(
      `${capitalized(describeAuthority(decider))} serves ${servicesOf(decider, catalogue)}; ${describeAuthority(foreign)} serves ${servicesOf(foreign, catalogue)}. An exemption for ${describeAuthority(foreign)} is for it or the citizen's own municipality to decide.`,
    );
  }
  // A municipality: for its own residents only, for every authority or any one that serves them.
  if (!residence) {
    return {
      allowed: false,
      reason: 'MUNICIPALITY_UNKNOWN',
      message:
        "The citizen's municipality could not be read from the population register, so who is responsible for this exemption cannot be checked; please try again shortly.",
    };
  }
  if (deciderMunicipality !== residence) {
    return outsideRemit(
      `The citizen is not a resident of ${describeAuthority(decider)}: exemptions are decided by the citizen's own municipality, or by the authority that serves the services concerned.`,
    );
  }
  const otherMunicipality = coverage.authorities.find((covered) => municipalityCodeOf(covered) !== undefined && municipalityCodeOf(covered) !== residence);
  if (otherMunicipality) {
    return outsideRemit(
      `Municipal services are served by the citizen's own municipality, so an exemption for ${describeAuthority(otherMunicipality)} would cover none of this citizen's services.`,
    );
  }
  return ALLOWED;
}

/**
 * FORBIDDEN unless the caseworker serves citizen `cpr` (named in x-act-for: the gateway then read
 * their municipality from the register) and their authority may decide `coverage` for them.
 */
export function assertMayDecideExemption(caller: CallerContext, cpr: string, coverage: ExemptionCoverage, catalogue: ServiceCatalogue): void {
  if (caller.actingFor?.cpr !== cpr) {
    throw forbidden(
      "Exemptions are granted, renewed and revoked for the citizen you serve: name them in the x-act-for header (for a renewal or revocation, the exemption's citizen).",
      'selfservice',
      'CITIZEN_NOT_NAMED',
    );
  }
  const decision = mayDecideExemption(caller.actor.authority ?? '', coverage, knownMunicipalityOf(caller, cpr), catalogue);
  if (!decision.allowed) throw forbidden(decision.message, 'selfservice', decision.reason);
}

/** The exemptions among `records` that the caseworker's authority decides: what the grant scope lets them read. */
export function exemptionsDecidedBy<E extends ExemptionCoverage>(caller: CallerContext, cpr: string, records: readonly E[], catalogue: ServiceCatalogue): E[] {
  const residence = knownMunicipalityOf(caller, cpr);
  return records.filter((record) => mayDecideExemption(caller.actor.authority ?? '', record, residence, catalogue).allowed);
}

const ALLOWED: RemitDecision = { allowed: true };

function outsideRemit(message: string): RemitDecision {
  return { allowed: false, reason: 'OUTSIDE_REMIT', message };
}

/** "housing benefit and state pension", from the catalogue: what an authority serves. */
function servicesOf(authority: string, catalogue: ServiceCatalogue): string {
  const kind: AuthorityKind | undefined = municipalityCodeOf(authority) !== undefined ? 'municipality' : (authority as AuthorityKind);
  const names = catalogue.services.filter((s) => s.authorityKind === kind).map((s) => s.name.en.toLowerCase());
  if (names.length === 0) return 'no service in the catalogue';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
