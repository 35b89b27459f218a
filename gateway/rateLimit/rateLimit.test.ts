import type { IncomingMessage } from 'node:http';
import { silentLogger } from '../../platform';
import { clientAddressOf } from '../requestScope';
import { MemoryRateLimitStore } from './MemoryRateLimitStore';
import { RateLimiter } from './RateLimiter';

describe('MemoryRateLimitStore', () => {
  it('counts hits per key in fixed windows that end windowMs after their first hit', async () => {
    let now = 1_000;
    const store = new MemoryRateLimitStore(() => now);
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetInMs: 100 });
    now += 40;
    expect(await store.hit('a', 100)).toEqual({ count: 2, resetInMs: 60 });
    expect(await store.hit('b', 100)).toEqual({ count: 1, resetInMs: 100 });
    now += 60;
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetInMs: 100 });
  });
});

describe('RateLimiter', () => {
  it('allows `limit` requests per window, then says how many seconds until the window ends', async () => {
    let now = 0;
    const limiter = new RateLimiter({ store: new MemoryRateLimitStore(() => now), limit: 2, windowMs: 10_000, logger: silentLogger });
    expect(await limiter.check('x')).toEqual({ allowed: true });
    now = 2_500;
    expect(await limiter.check('x')).toEqual({ allowed: true });
    expect(await limiter.check('x')).toEqual({ allowed: false, retryAfterSeconds: 8 });
    now = 10_000;
    expect(await limiter.check('x')).toEqual({ allowed: true });
  });

  it('a check may carry its own limit (the per-address limit is larger than the per-token one)', async () => {
    const limiter = new RateLimiter({ store: new MemoryRateLimitStore(() => 0), limit: 1, windowMs: 1000, logger: silentLogger });
    expect(await limiter.check('address:a', 2)).toEqual({ allowed: true });
    expect(await limiter.check('address:a', 2)).toEqual({ allowed: true });
    expect(await limiter.check('address:a', 2)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.check('token:t')).toEqual({ allowed: true });
    expect(await limiter.check('token:t')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('fails open when its store fails, warning once per outage', async () => {
    const warnings: string[] = [];
    let failing = true;
    const limiter = new RateLimiter({
      store: {
        hit: async () => {
          if (failing) throw new Error('connection refused');
          return { count: 99, resetInMs: 1000 };
        },
      },
      limit: 1,
      windowMs: 1000,
      logger: {
        ...silentLogger,
        warn: (m) => {
          warnings.push(m);
        },
      },
    });
    for (let i = 0; i < 3; i += 1) expect(await limiter.check('x')).toEqual({ allowed: true });
    expect(warnings).toEqual(['rate-limit store unavailable; requests are not rate limited until it returns']);
    failing = false;
    expect(await limiter.check('x')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses nonsense limits at construction, naming the option', () => {
    expect(() => new RateLimiter({ store: new MemoryRateLimitStore(), limit: 0, windowMs: 1000, logger: silentLogger })).toThrow(
      /limit must be a whole number >= 1/,
    );
    expect(() => new RateLimiter({ store: new MemoryRateLimitStore(), limit: 5, windowMs: 0.5, logger: silentLogger })).toThrow(/windowMs/);
  });
});

describe('clientAddressOf', () => {
  const request = (peer: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

  it('uses the socket peer unless proxies are trusted, so a client cannot choose its own key', () => {
    expect(clientAddressOf(request('10.0.0.9', '1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('behind n trusted proxies, takes the n-th entry from the right of X-Forwarded-For', () => {
    expect(clientAddressOf(request('10.0.0.9', 'spoofed, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddressOf(request('10.0.0.9', 'spoofed, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientAddressOf(request('10.0.0.9'), 1)).toBe('10.0.0.9');
  });
});
