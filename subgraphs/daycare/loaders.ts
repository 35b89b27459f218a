import { createBatchLoader, type LoaderCaching } from '../kit';
import type { DaycareClient } from './daycareClient';
import { DAYCARE_SYSTEM, toDaycarePlace } from './mapping';
import type { DaycareLegacyRecord } from './records';
import type { DaycarePlace } from './types';

/** The record kinds the loaders cache under (part of every cache key: keep them stable; TTLs are per "daycare.<kind>"). */
export const DAYCARE_KINDS = {
  record: 'record',
} as const;

/**
 * Per-request loaders over the client's batch reads: the fields of N citizens in one request cost
 * one legacy call per kind. The read-through cache holds the records as the system sent them; the
 * kit maps them after it, so one unreadable record fails only its own key. Make one set per request.
 * A new kind of data is a client method taking many CPR numbers, a mapping, and one loader here.
 */
export function createLoaders(client: DaycareClient, { cache, freshness }: LoaderCaching = {}) {
  return {
    record: createBatchLoader<DaycareLegacyRecord, DaycarePlace>({
      system: DAYCARE_SYSTEM,
      kind: DAYCARE_KINDS.record,
      cache,
      freshness,
      fetchMany: (cprs) => client.records(cprs),
      map: toDaycarePlace,
    }),
  };
}

export type DaycareLoaders = ReturnType<typeof createLoaders>;
