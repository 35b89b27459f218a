import type { ServiceCatalogue } from '../../domain/catalogue/catalogue';
import type { Clock } from '../../platform/clock';
import type { RegisterLookup } from '../../domain/register/registerLookup';
import type { OutcomesConfig } from './outcomes/outcomes';
import type { SelfservicePolicy } from './policy';
import type { SelfserviceStores } from './store/stores';

/** What the resolvers are built from. */
export interface ResolverDeps {
  readonly stores: SelfserviceStores;
  readonly policy: SelfservicePolicy;
  readonly catalogue: ServiceCatalogue;
  /** When access-log entries were recorded. */
  readonly clock: Clock;
  /** Whom the population register knows: a delegation's holder must be one. */
  readonly register: RegisterLookup;
  /** Small-cell minimum and channel costs for the outcome figures. */
  readonly outcomes: OutcomesConfig;
}

/** Every mutation's arguments: its input and the client's idempotency key. */
export interface MutationArgs<I> {
  readonly input: I;
  readonly idempotencyKey: string;
}
