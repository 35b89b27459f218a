import type { ReadThroughCache } from '../../platform/cache/ReadThroughCache';
import type { ContextKeys } from '../../domain/caller';
import type { Clock } from '../../platform/clock';
import { subgraphContextFunction, type SubgraphRequestContext } from '../kit/requestContext';
import type { BenefitsRepository } from './benefitsRepository';
import { createLoaders, type Loaders } from './loaders';

/** A request to the benefits subgraph: the verified caller and its recorders, and this request's loaders. */
export interface BenefitsContext extends SubgraphRequestContext {
  readonly loaders: Loaders;
}

export interface BenefitsContextDeps {
  readonly repository: BenefitsRepository;
  readonly contextPublicKey: ContextKeys['publicKey'];
  readonly cache?: ReadThroughCache;
  readonly clock: Clock;
}

/** Verifies the caller (UNAUTHENTICATED without a valid gateway signature) before any loader exists. */
export function createContextFunction(deps: BenefitsContextDeps) {
  return subgraphContextFunction({ ...deps, audience: 'benefits' }, (base) => createLoaders(deps.repository, { cache: deps.cache, freshness: base.freshness }));
}
