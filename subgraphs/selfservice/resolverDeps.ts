import type { ServiceCatalogue } from '../kit/catalogue/catalogue';
import type { Clock } from '../kit/clock';
import type { SelfservicePolicy } from './policy';
import type { SelfserviceStores } from './stores';

/** What the resolvers are built from. */
export interface ResolverDeps {
  readonly stores: SelfserviceStores;
  readonly policy: SelfservicePolicy;
  readonly catalogue: ServiceCatalogue;
  /** When access-log entries were recorded. */
  readonly clock: Clock;
}

/** Every mutation's arguments: its input and the client's idempotency key. */
export interface MutationArgs<I> {
  readonly input: I;
  readonly idempotencyKey: string;
}
