/** Counters per legacy system; the metrics endpoint exposes them. */
export interface CacheCounters {
  hits: number;
  misses: number;
  /** Expired entries served because the legacy system failed (stale-if-error). */
  staleServes: number;
  /** Legacy calls that failed (per key). */
  errors: number;
  /** Entries found but not served, also counted as misses: unknown key, tampered, or written under another cache key. */
  unreadable: number;
  /** Batched calls made to the legacy system. */
  legacyCalls: number;
}

export class CacheMetrics {
  private readonly bySystem = new Map<string, CacheCounters>();

  count(system: string, counter: keyof CacheCounters, by = 1): void {
    let counters = this.bySystem.get(system);
    if (!counters) {
      counters = { hits: 0, misses: 0, staleServes: 0, errors: 0, unreadable: 0, legacyCalls: 0 };
      this.bySystem.set(system, counters);
    }
    counters[counter] += by;
  }

  snapshot(): Record<string, CacheCounters> {
    return Object.fromEntries([...this.bySystem].map(([system, counters]) => [system, { ...counters }]));
  }
}
