import type { Cluster, Redis } from 'ioredis';
import type { RateLimitStore } from './RateLimitStore';

// One round trip, atomic: the first hit of a window starts its expiry, so a counter never outlives it.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return { count, redis.call('PTTL', KEYS[1]) }
`;

/** Fixed windows in Redis (INCR + PEXPIRE in a Lua script), so a limit holds across gateway replicas. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, pttl] = (await this.client.eval(HIT_SCRIPT, 1, this.prefix + key, String(windowMs))) as [number, number];
    return { count, resetInMs: pttl > 0 ? pttl : windowMs };
  }
}
