import { createBatchLoader, type LoaderCaching } from '../kit';
import type { CprClient } from '../../domain/register/cprClient';
import { CPR_LOOKUP_MAX_BATCH } from '../../domain/register/cprClient';
import { CPR_SYSTEM } from '../../domain/register/cprResponse';
import type { RegisterPerson } from '../../domain/register/registerTypes';

/** The cache kind of register persons: the address change invalidates entries of this kind. */
export const PERSON_KIND = 'person';

/** Per-request loaders: every register read in one request goes through these, so nested relations batch. */
export function createLoaders(client: Pick<CprClient, 'lookup'>, caching: LoaderCaching = {}) {
  return {
    person: createBatchLoader<RegisterPerson>({
      system: CPR_SYSTEM,
      kind: PERSON_KIND,
      // A malformed key (only possible from an entity reference) is simply not found, not a failed batch.
      fetchMany: (cprs) => client.lookup(cprs.filter((cpr) => /^\d{10}$/.test(cpr))),
      maxBatchSize: CPR_LOOKUP_MAX_BATCH,
      cache: caching.cache,
      freshness: caching.freshness,
    }),
  };
}

export type CitizenLoaders = ReturnType<typeof createLoaders>;
