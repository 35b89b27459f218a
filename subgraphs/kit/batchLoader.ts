import DataLoader from 'dataloader';
import type { FreshnessReport } from './cache/FreshnessReport';
import type { ReadThroughCache } from './cache/ReadThroughCache';
import { toGraphQLError } from './errors';

/** A legacy batch operation: answers for many keys in one call; a key absent from the map is "not found". */
export type FetchMany<V> = (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>;

export interface BatchLoaderOptions<V> {
  /** Which legacy system answers (for errors, cache keys and metrics). */
  readonly system: string;
  /** Which kind of record (for cache keys and metrics): "person", "assessment", ... */
  readonly kind: string;
  readonly fetchMany: FetchMany<V>;
  /** Largest batch the legacy system accepts in one call. */
  readonly maxBatchSize?: number;
  /** Read-through cache shared across requests; without it every load goes to the legacy system. */
  readonly cache?: ReadThroughCache;
  /** Where this request notes stale answers it was given. */
  readonly freshness?: FreshnessReport;
}

/**
 * A per-request DataLoader over a legacy batch operation. Values come back in key order:
 * the record, null for "not found", or an Error (naming the system) for keys whose call failed.
 * Make these in the request context, never at module level.
 */
export function createBatchLoader<V>(options: BatchLoaderOptions<V>): DataLoader<string, V | null> {
  const { cache } = options;
  return new DataLoader<string, V | null>(
    async (keys) => {
      if (cache) {
        const outcomes = await cache.load(options.system, options.kind, keys, options.fetchMany, options.freshness);
        return outcomes.map((o) => (o instanceof Error ? toGraphQLError(o) : o));
      }
      try {
        const found = await options.fetchMany(keys);
        return keys.map((key) => found.get(key) ?? null);
      } catch (error) {
        const graphQLError = toGraphQLError(error);
        return keys.map(() => graphQLError);
      }
    },
    { maxBatchSize: options.maxBatchSize ?? 100 },
  );
}
