import { subgraphContextFunction, type SubgraphRequestContext, type SubgraphRuntime } from '../kit';
import type { HousingClient } from './housingClient';
import { createLoaders, type HousingLoaders } from './loaders';

/** The per-request context: the verified caller, access log, freshness report, and this request's loaders. */
export interface HousingContext extends SubgraphRequestContext {
  readonly loaders: HousingLoaders;
}

/** Verifies the gateway-signed caller context (UNAUTHENTICATED without one), then makes the loaders. */
export function createContextFunction(client: HousingClient, runtime: Pick<SubgraphRuntime, 'contextPublicKey' | 'clock' | 'cache'>) {
  return subgraphContextFunction({ ...runtime, audience: 'housing' }, (base) => createLoaders(client, { cache: runtime.cache, freshness: base.freshness }));
}
