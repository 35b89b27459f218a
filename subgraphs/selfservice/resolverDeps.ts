import type { ServiceCatalogue } from '../kit/catalogue/catalogue';
import type { SelfservicePolicy } from './policy';
import type { SelfserviceStores } from './stores';

/** What the resolvers are built from. */
export interface ResolverDeps {
  readonly stores: SelfserviceStores;
  readonly policy: SelfservicePolicy;
  readonly catalogue: ServiceCatalogue;
}

/** Every mutation's arguments: its input and the client's idempotency key. */
export interface MutationArgs<I> {
  readonly input: I;
  readonly idempotencyKey: string;
}
