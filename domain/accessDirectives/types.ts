/**
 * The federation's own authorization directives, as this project reads them: @authenticated and
 * @requiresScopes (Federation 2.5). Apollo Router enforces them; @apollo/gateway does not, so the
 * gateway (and selfservice, for callers without a context) enforce them from this metadata.
 */

/** Any one inner list, all of its scopes: one @requiresScopes(scopes: [[...], [...]]). */
export type ScopeAlternatives = readonly (readonly string[])[];

/** What a field asks of its caller. */
export interface AccessRequirement {
  /** @authenticated: a signed-in caller. */
  readonly authenticated: boolean;
  /** One entry per @requiresScopes that applies; every entry must be satisfied (and implies a caller). */
  readonly scopes: readonly ScopeAlternatives[];
}

/** The directives of one schema document (a supergraph or a subgraph's SDL). */
export interface AccessDirectives {
  /** Type-level directives: they apply to every field of the type and to every field returning it. */
  readonly types: ReadonlyMap<string, AccessRequirement>;
  /** Field-level directives by schema coordinate, "Type.field". */
  readonly fields: ReadonlyMap<string, AccessRequirement>;
}

export const PUBLIC: AccessRequirement = { authenticated: false, scopes: [] };
/** @authenticated alone; also what anything that cannot be judged asks (fail closed). */
export const SIGNED_IN: AccessRequirement = { authenticated: true, scopes: [] };

/** Both requirements at once. */
export function combine(a: AccessRequirement, b: AccessRequirement | undefined): AccessRequirement {
  if (!b || (!b.authenticated && b.scopes.length === 0)) return a;
  return { authenticated: a.authenticated || b.authenticated, scopes: [...a.scopes, ...b.scopes] };
}

/** Whether anything at all is asked: anonymous callers may only select fields for which this is false. */
export function needsCaller(requirement: AccessRequirement): boolean {
  return requirement.authenticated || requirement.scopes.length > 0;
}

/** Whether the scopes a caller holds satisfy every @requiresScopes (an empty alternatives list never does). */
export function scopesSatisfied(requirement: AccessRequirement, held: readonly string[]): boolean {
  return requirement.scopes.every((alternatives) => alternatives.some((all) => all.every((scope) => held.includes(scope))));
}

/** "uptake:read", or "a and b" / "x or y" for display in an error message. */
export function describeScopes(requirement: AccessRequirement): string {
  return requirement.scopes.map((alternatives) => alternatives.map((all) => all.join(' and ')).join(' or ')).join('; and ');
}
