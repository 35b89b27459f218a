import { once } from 'node:events';
import Redis, { Cluster, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for the cache, persisted queries and rate-limit counters: no offline queue
 * and a short command timeout, so a Redis outage costs a request milliseconds, not seconds.
 * redis://host:port/db, rediss://..., or redis+cluster://host1:port,host2:port.
 */
export function createRedisClient(url: string, commandTimeoutMs: number, lazyConnect = false): Redis | Cluster {
  const options: RedisOptions = {
    lazyConnect,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  };
  const client = url.startsWith('redis+cluster://') ? clusterClient(url, options) : new Redis(url, options);
  // Failed commands are handled (and logged once) by their users; without a listener ioredis prints every reconnect error.
  client.on('error', () => {});
  return client;
}

function clusterClient(url: string, options: RedisOptions): Cluster {
  const nodes = url
    .slice('redis+cluster://'.length)
    .split(',')
    .map((hostPort) => {
      const [host, port] = hostPort.split(':');
      return { host, port: Number(port || 6379) };
    });
  return new Cluster(nodes, {
    redisOptions: options,
    enableOfflineQueue: false,
    lazyConnect: options.lazyConnect,
    clusterRetryStrategy: options.retryStrategy as never,
  });
}

/** Waits for the first connection, at most timeoutMs; callers start either way (Redis is optional at run time). */
export async function connected(client: Redis | Cluster, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    await once(client, 'ready', { signal: timeout });
    return true;
  } catch {
    return false;
  }
}
