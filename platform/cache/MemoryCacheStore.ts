import { LRUCache } from 'lru-cache';
import type { CacheStore } from './CacheStore';

/** The embedded default: an in-process LRU with per-entry expiry. */
export class MemoryCacheStore implements CacheStore {
  readonly available = true;
  private readonly lru: LRUCache<string, string>;

  constructor(maxEntries = 50_000) {
    this.lru = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.lru.get(key) ?? null);
  }

  async mset(entries: readonly { key: string; value: string; ttlMs: number }[]): Promise<void> {
    for (const entry of entries) this.lru.set(entry.key, entry.value, { ttl: entry.ttlMs });
  }

  async del(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.lru.delete(key);
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
