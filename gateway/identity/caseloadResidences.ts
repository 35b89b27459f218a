import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { caseloadNeedsResidence, type CallerContext } from '../../domain/caller';
import type { ActingDirectory } from './resolveCallerContext';

/** The subgraph that holds the population register: it decides caseload itself, on the record. */
export const REGISTER_SUBGRAPH = 'citizen';

/** The caseload is looked up in the register in the caseworker's own name, so it takes the scope to read the register. */
const CASELOAD_LOOKUP_SCOPE = 'citizen:read';

/**
 * Per request: where the citizens of one of a caseworker's subgraph calls live (CPR number ->
 * municipality code), for the caseload rule (domain/caller/caseload.ts) at subgraphs that
 * have no register. Only citizens whom nothing but residence can open to the caseworker are
 * looked up, each at most once per request. If the register cannot answer, the call fails
 * (SERVICE_UNAVAILABLE) rather than refusing the caseworker's own residents as strangers.
 */
export function caseloadResidences(input: {
  readonly caller: CallerContext;
  readonly directory: Pick<ActingDirectory, 'residences'>;
  readonly requestId: string;
  /** The caller's own context signed for the citizen subgraph. */
  readonly registerContext: () => Promise<string>;
}): (cprs: readonly string[]) => Promise<Record<string, string>> {
  const { caller, directory } = input;
  const asked = new Map<string, Promise<string | undefined>>();
  return async (cprs) => {
    if (!directory.residences || !caller.actor.scopes.includes(CASELOAD_LOOKUP_SCOPE)) return {};
    const wanted = [...new Set(cprs)].filter((cpr) => /^\d{10}$/.test(cpr) && caseloadNeedsResidence(caller, cpr));
    const fresh = wanted.filter((cpr) => !asked.has(cpr));
    if (fresh.length > 0) {
      const batch = input.registerContext().then((token) => directory.residences!(fresh, token, input.requestId));
      for (const cpr of fresh)
        asked.set(
          cpr,
          batch.then((found) => found[cpr]),
        );
    }
    let codes: (string | undefined)[];
    try {
      codes = await Promise.all(wanted.map((cpr) => asked.get(cpr)!));
    } catch {
      throw new GraphQLError(
        'Your caseload could not be checked in the population register right now; try again shortly, or name the citizen you serve in the x-act-for header.',
        {
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        },
      );
    }
    return Object.fromEntries(wanted.flatMap((cpr, i) => (codes[i] ? [[cpr, codes[i]!]] : [])));
  };
}
