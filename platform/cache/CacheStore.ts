/**
 * Where cached legacy answers live: Redis across replicas, or process memory for the
 * embedded default. Values are opaque strings (already encrypted by the caller).
 * Implementations never throw for a backend outage on reads: they report it through
 * `available` and answer as a miss, so cache trouble never fails a request.
 */
export interface CacheStore {
  /** Values in key order; null for a miss (or when the store is unreachable). */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Writes all entries in one round trip, each with its own expiry. Best effort. */
  mset(entries: readonly { key: string; value: string; ttlMs: number }[]): Promise<void>;
  /** Removes keys; throws if the store cannot confirm it (writes must not leave stale reads). */
  del(keys: readonly string[]): Promise<void>;
  /** Whether the last operation reached the store. */
  readonly available: boolean;
  close(): Promise<void>;
}
