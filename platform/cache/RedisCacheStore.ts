import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logger';
import { createRedisClient } from '../redisClient';
import type { CacheStore } from './CacheStore';

export interface RedisCacheStoreOptions {
  /** redis://host:port/db, rediss://..., or redis+cluster://host1:port,host2:port for a cluster. */
  readonly url: string;
  /** A command that takes longer counts as "Redis unavailable" and the lookup goes to the legacy system. */
  readonly commandTimeoutMs?: number;
  readonly logger: Logger;
}

export const DEFAULT_REDIS_CACHE_OPTIONS = { commandTimeoutMs: 250 } as const;

/**
 * Redis behind the CacheStore contract: no offline queue (commands fail at once while
 * disconnected instead of piling up), a bounded command timeout, reconnection in the
 * background, and one warning per outage.
 */
export class RedisCacheStore implements CacheStore {
  private readonly client: Redis | Cluster;
  private readonly logger: Logger;
  private up = true;

  constructor(options: RedisCacheStoreOptions) {
    this.logger = options.logger;
    this.client = createRedisClient(options.url, options.commandTimeoutMs ?? DEFAULT_REDIS_CACHE_OPTIONS.commandTimeoutMs);
    this.client.on('error', () => this.markDown('connection error'));
    this.client.on('ready', () => this.markUp());
  }

  get available(): boolean {
    return this.up;
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    try {
      // One kind's keys share a cluster hash slot (see ReadThroughCache), so MGET works on a cluster too.
      const values = await this.client.mget(...keys);
      this.markUp();
      return values;
    } catch (error) {
      this.markDown((error as Error).message);
      return keys.map(() => null);
    }
  }

  async mset(entries: readonly { key: string; value: string; ttlMs: number }[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const pipeline = this.client.pipeline();
      for (const entry of entries) pipeline.set(entry.key, entry.value, 'PX', Math.max(1, Math.round(entry.ttlMs)));
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
      this.markUp();
    } catch (error) {
      this.markDown((error as Error).message);
    }
  }

  async del(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.client.del(...keys);
      this.markUp();
    } catch (error) {
      this.markDown((error as Error).message);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  private markDown(reason: string): void {
    if (!this.up) return;
    this.up = false;
    this.logger.warn('redis unavailable; serving from legacy systems until it returns', { reason });
  }

  private markUp(): void {
    if (this.up) return;
    this.up = true;
    this.logger.info('redis available again; caching resumed');
  }
}
