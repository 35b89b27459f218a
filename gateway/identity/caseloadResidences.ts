import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { caseloadNeedsResidence, type CallerContext } from '../../domain/caller';
import type { ActingDirectory } from './resolveCallerContext';

/** The subgraph that holds the population register: it decides caseload itself, on the record. */
export const REGISTER_SUBGRAPH = 'citizen';

/** The caseload is looked up in the register in the caseworker's own name, so it takes the scope to read the register. */
const CASELOAD_LOOKUP_SCOPE = 'citizen:read';

/** One request's caseload residences: ask for some citizens, or learn one from the register's own answer. */
export interface CaseloadResidences {
  /** CPR number -> municipality code of those of `cprs` in the caller's caseload (the others are absent). */
  (cprs: readonly string[]): Promise<Record<string, string>>;
  /**
   * What the citizen subgraph reported, in its answer to this request, about a citizen it served
   * the caseworker under the caseload rule: later calls of the request use it instead of a lookup.
   * Ignored for a citizen already asked about, or one the caller does not need a residence for.
   */
  learn(cpr: string, municipalityCode: string): void;
}

/**
 * Per request: where the citizens of one of a caseworker's subgraph calls live (CPR number ->
 * municipality code), for the caseload rule (domain/caller/caseload.ts) at subgraphs that
 * have no register. Only citizens whom nothing but residence can open to the caseworker are
 * looked up, each at most once per request, and not at all when the citizen subgraph already
 * reported them earlier in the request (learn). If the register cannot answer, the call fails
 * (SERVICE_UNAVAILABLE) rather than refusing the caseworker's own residents as strangers.
 */
export function caseloadResidences(input: {
  readonly caller: CallerContext;
  readonly directory: Pick<ActingDirectory, 'residences'>;
  readonly requestId: string;
  /** The caller's own context signed for the citizen subgraph. */
  readonly registerContext: () => Promise<string>;
}): CaseloadResidences {
  const { caller, directory } = input;
  const asked = new Map<string, Promise<string | undefined>>();
  const needsResidence = (cpr: string) => CPR.test(cpr) && caseloadNeedsResidence(caller, cpr);
  const residences = async (cprs: readonly string[]) => {
    if (!directory.residences || !caller.actor.scopes.includes(CASELOAD_LOOKUP_SCOPE)) return {};
    const wanted = [...new Set(cprs)].filter(needsResidence);
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
  const learn = (cpr: string, municipalityCode: string) => {
    if (asked.has(cpr) || !needsResidence(cpr) || !MUNICIPALITY_CODE.test(municipalityCode)) return;
    asked.set(cpr, Promise.resolve(municipalityCode));
  };
  return Object.assign(residences, { learn });
}

const CPR = /^\d{10}$/;
const MUNICIPALITY_CODE = /^\d{4}$/;
