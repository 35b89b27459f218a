import { subgraphContextFunction, type SubgraphRequestContext, type SubgraphRuntime } from '../kit';
import type { DaycareClient } from './daycareClient';
import { createLoaders, type DaycareLoaders } from './loaders';

/** The per-request context: the verified caller, access log, freshness report, and this request's loaders. */
export interface DaycareContext extends SubgraphRequestContext {
  readonly loaders: DaycareLoaders;
}

/** Verifies the gateway-signed caller context (UNAUTHENTICATED without one, or one addressed to another service), then makes the loaders. */
export function createContextFunction(client: DaycareClient, runtime: Pick<SubgraphRuntime, 'contextPublicKey' | 'clock' | 'cache'>) {
  return subgraphContextFunction({ ...runtime, audience: 'daycare' }, (base) => createLoaders(client, { cache: runtime.cache, freshness: base.freshness }));
}
