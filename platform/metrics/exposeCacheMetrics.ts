import { Counter, type Registry } from 'prom-client';
import type { CacheCounters, CacheMetrics } from '../cache/CacheMetrics';

const EVENTS: Record<Exclude<keyof CacheCounters, 'legacyCalls'>, string> = {
  hits: 'hit',
  misses: 'miss',
  staleServes: 'stale',
  errors: 'error',
  unreadable: 'unreadable',
};

/**
 * The read-through cache's own counters (CacheMetrics) as cache_events_total{system, event}, read at
 * scrape time. `systems` limits them to the legacy systems this service owns, where services share one cache.
 */
export function exposeCacheMetrics(registry: Registry, metrics: CacheMetrics, systems?: readonly string[]): void {
  new Counter({
    name: 'cache_events_total',
    help: 'Read-through cache events per legacy system: hit, miss, stale (served after a legacy failure), error, unreadable',
    labelNames: ['system', 'event'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [system, counters] of Object.entries(metrics.snapshot())) {
        if (systems && !systems.includes(system)) continue;
        for (const [counter, event] of Object.entries(EVENTS)) this.inc({ system, event }, counters[counter as keyof typeof EVENTS]);
      }
    },
  });
}
