import { createBatchLoader } from '../kit';
import type { CprClient } from './cprClient';
import { CPR_LOOKUP_MAX_BATCH } from './cprClient';
import { CPR_SYSTEM } from './cprResponse';
import type { RegisterPerson } from './registerTypes';

/** Per-request loaders: every register read in one request goes through these, so nested relations batch. */
export function createLoaders(client: Pick<CprClient, 'lookup'>) {
  return {
    person: createBatchLoader<RegisterPerson>({
      system: CPR_SYSTEM,
      kind: 'person',
      // A malformed key (only possible from an entity reference) is simply not found, not a failed batch.
      fetchMany: (cprs) => client.lookup(cprs.filter((cpr) => /^\d{10}$/.test(cpr))),
      maxBatchSize: CPR_LOOKUP_MAX_BATCH,
    }),
  };
}

export type CitizenLoaders = ReturnType<typeof createLoaders>;
