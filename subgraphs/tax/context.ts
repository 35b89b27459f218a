import { subgraphContextFunction, type SubgraphRequestContext, type SubgraphRuntime } from '../kit';
import { createLoaders, type TaxLoaders } from './loaders';
import type { TaxSoapClient } from './soapClient';

export interface TaxContext extends SubgraphRequestContext {
  readonly loaders: TaxLoaders;
}

/** The per-request context: verifies the gateway-signed caller (UNAUTHENTICATED otherwise), then makes the loaders. */
export function createContextFunction(deps: Pick<SubgraphRuntime, 'contextPublicKey' | 'clock' | 'cache'> & { readonly client: TaxSoapClient }) {
  return subgraphContextFunction({ ...deps, audience: 'tax' }, (base) => createLoaders(deps.client, { cache: deps.cache, freshness: base.freshness }));
}
