import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../platform';

export interface RedisKeyValueCacheOptions {
  readonly client: Redis | Cluster;
  /** Prepended to every key Apollo Server asks for, e.g. "citizen-graph:gateway:". */
  readonly prefix: string;
  readonly logger: Logger;
}

/**
 * Apollo Server's KeyValueCache<string> over ioredis, so automatic persisted queries registered
 * through one gateway replica are found by the others. Redis trouble is a cache miss (the client
 * then sends the full query once), logged once per outage.
 */
export class RedisKeyValueCache {
  private up = true;

  constructor(private readonly options: RedisKeyValueCacheOptions) {}

  async get(key: string): Promise<string | undefined> {
    try {
      const value = await this.options.client.get(this.options.prefix + key);
      this.markUp();
      return value ?? undefined;
    } catch (error) {
      this.markDown(error);
      return undefined;
    }
  }

  /** ttl in seconds, as Apollo gives it; null or absent keeps the entry until Redis evicts it. */
  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    try {
      const ttl = options?.ttl;
      if (typeof ttl === 'number' && ttl > 0) await this.options.client.set(this.options.prefix + key, value, 'EX', Math.ceil(ttl));
      else await this.options.client.set(this.options.prefix + key, value);
      this.markUp();
    } catch (error) {
      this.markDown(error);
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.options.client.del(this.options.prefix + key)) > 0;
    } catch (error) {
      this.markDown(error);
      return false;
    }
  }

  private markDown(error: unknown): void {
    if (!this.up) return;
    this.up = false;
    this.options.logger.warn('redis unavailable for persisted queries; clients resend full queries until it returns', { reason: (error as Error)?.message });
  }

  private markUp(): void {
    if (this.up) return;
    this.up = true;
    this.options.logger.info('redis available again for persisted queries');
  }
}
