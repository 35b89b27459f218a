import DataLoader from 'dataloader';
import type { FreshnessReport } from '../../platform/cache/FreshnessReport';
import type { ReadThroughCache } from '../../platform/cache/ReadThroughCache';
import { toGraphQLError } from '../../platform/errors';

/** A legacy batch operation: answers for many keys in one call; a key absent from the map is "not found". */
export type FetchMany<R> = (keys: readonly string[]) => Promise<ReadonlyMap<string, R>>;

/** What a subgraph's createLoaders takes from its request context. */
export interface LoaderCaching {
  /** Read-through cache shared across requests; without it every load goes to the legacy system. */
  readonly cache?: ReadThroughCache;
  /** Where this request notes stale answers it was given. */
  readonly freshness?: FreshnessReport;
}

export interface BatchLoaderOptions<R, V> extends LoaderCaching {
  /** Which legacy system answers (for errors, cache keys and metrics). */
  readonly system: string;
  /** Which kind of record (for cache keys and metrics): "person", "assessment", ... */
  readonly kind: string;
  readonly fetchMany: FetchMany<R>;
  /** Largest batch the legacy system accepts in one call. */
  readonly maxBatchSize?: number;
  /**
   * Maps a record as the legacy system sent it to what resolvers use. It runs after the cache,
   * so the cache holds legacy records, a record that does not map fails only its own key
   * (never cached as an error), and a mapping fix needs no cache flush.
   */
  readonly map?: (record: R) => V;
}

/**
 * A per-request DataLoader over a legacy batch operation. Values come back in key order:
 * the record, null for "not found", or an Error (naming the system) for keys whose call failed.
 * Make these in the request context, never at module level.
 */
export function createBatchLoader<R, V = R>(options: BatchLoaderOptions<R, V>): DataLoader<string, V | null> {
  const { cache } = options;
  const map = options.map ?? ((record: R) => record as unknown as V);
  const mapOne = (outcome: R | null | Error): V | null | Error => {
    if (outcome === null) return null;
    if (outcome instanceof Error) return outcome;
    try {
      return map(outcome);
    } catch (error) {
      return toGraphQLError(error);
    }
  };
  return new DataLoader<string, V | null>(
    async (keys) => {
      if (cache) {
        const outcomes = await cache.load(options.system, options.kind, keys, options.fetchMany, options.freshness);
        return outcomes.map((o) => mapOne(o instanceof Error ? toGraphQLError(o) : o));
      }
      try {
        const found = await options.fetchMany(keys);
        return keys.map((key) => mapOne(found.get(key) ?? null));
      } catch (error) {
        const graphQLError = toGraphQLError(error);
        return keys.map(() => graphQLError);
      }
    },
    { maxBatchSize: options.maxBatchSize ?? 100 },
  );
}
