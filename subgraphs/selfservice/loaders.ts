import type DataLoader from 'dataloader';
import { createBatchLoader } from '../kit/batchLoader';
import type { DelegationRecord } from './delegations/delegationStore';
import type { ExemptionEvent, ExemptionRecord } from './exemptions/exemptionStore';
import type { SelfserviceStores } from './store/stores';

const SYSTEM = 'selfservice';

export interface SelfserviceLoaders {
  /** A citizen's exemptions (history included), keyed by CPR. */
  readonly exemptions: DataLoader<string, ExemptionRecord[] | null>;
  readonly exemptionEvents: DataLoader<string, ExemptionEvent[] | null>;
  readonly delegationsGranted: DataLoader<string, DelegationRecord[] | null>;
  readonly delegationsHeld: DataLoader<string, DelegationRecord[] | null>;
}

/** Per-request loaders: one SQL statement per field across all citizens of a request. */
export function createLoaders(stores: SelfserviceStores): SelfserviceLoaders {
  return {
    exemptions: createBatchLoader({ system: SYSTEM, kind: 'exemptions', fetchMany: (cprs) => stores.exemptions.forCitizens(cprs) }),
    exemptionEvents: createBatchLoader({ system: SYSTEM, kind: 'exemption-events', fetchMany: (ids) => stores.exemptions.eventsFor(ids) }),
    delegationsGranted: createBatchLoader({
      system: SYSTEM,
      kind: 'delegations-granted',
      fetchMany: (cprs) => stores.delegations.forCitizens('grantor', cprs),
    }),
    delegationsHeld: createBatchLoader({ system: SYSTEM, kind: 'delegations-held', fetchMany: (cprs) => stores.delegations.forCitizens('holder', cprs) }),
  };
}
