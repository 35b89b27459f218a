import type { Clock, ReadThroughCache } from '../../platform';
import type { ContextKeys } from '../../domain';
import { subgraphContextFunction, type SubgraphRequestContext } from '../kit';
import type { CprClient } from '../../domain/register/cprClient';
import { createGrantorLoader, type HeldDelegations } from './grantorName';
import { createLoaders, type CitizenLoaders } from './loaders';

/** One request: the verified caller, its access log and freshness report, and its loaders. */
export interface CitizenContext extends SubgraphRequestContext {
  readonly loaders: CitizenLoaders & { readonly grantorInForce: ReturnType<typeof createGrantorLoader> };
  /**
   * A caseworker's request only: the municipality (CPR number -> code) of each citizen this request
   * served them under the caseload rule, reported to the gateway in the response (caseloadResidencesPlugin).
   */
  readonly caseloadResidences: Map<string, string>;
}

export interface CitizenContextDeps {
  readonly contextPublicKey: ContextKeys['publicKey'];
  readonly cprClient: Pick<CprClient, 'lookup'>;
  /** Whom a holder holds powers of attorney from (selfservice), for their grantors' names. */
  readonly delegations: HeldDelegations;
  readonly cache?: ReadThroughCache;
  readonly clock: Clock;
}

/** Verifies the gateway-signed caller first (UNAUTHENTICATED without it), then makes the loaders. */
export function createContextFunction(deps: CitizenContextDeps) {
  const withLoaders = subgraphContextFunction({ ...deps, audience: 'citizen' }, (base) => ({
    ...createLoaders(deps.cprClient, { cache: deps.cache, freshness: base.freshness }),
    grantorInForce: createGrantorLoader(deps.delegations, base.callerToken),
  }));
  return async (...args: Parameters<typeof withLoaders>): Promise<CitizenContext> => ({ ...(await withLoaders(...args)), caseloadResidences: new Map() });
}
