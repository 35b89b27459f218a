import type { Logger } from '../../platform';
import type { RateLimitStore } from './RateLimitStore';

export interface RateLimiterOptions {
  readonly store: RateLimitStore;
  /** Requests a client may make per window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly logger: Logger;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Decides whether a client may make another request. If the store fails (Redis down), the
 * request is allowed: rate limiting fails open, and the outage is logged once until it ends.
 */
export class RateLimiter {
  private storeUp = true;

  constructor(private readonly options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`RateLimiter: limit must be a whole number >= 1 requests, got ${options.limit}`);
    if (!Number.isInteger(options.windowMs) || options.windowMs < 1)
      throw new Error(`RateLimiter: windowMs must be a whole number >= 1 milliseconds, got ${options.windowMs}`);
  }

  /** Counts one request of clientKey; `limit` overrides the limiter's own for this kind of key. */
  async check(clientKey: string, limit = this.options.limit): Promise<RateDecision> {
    let hit: Awaited<ReturnType<RateLimitStore['hit']>>;
    try {
      hit = await this.options.store.hit(clientKey, this.options.windowMs);
    } catch (error) {
      if (this.storeUp) {
        this.storeUp = false;
        this.options.logger.warn('rate-limit store unavailable; requests are not rate limited until it returns', { reason: (error as Error)?.message });
      }
      return { allowed: true };
    }
    if (!this.storeUp) {
      this.storeUp = true;
      this.options.logger.info('rate-limit store available again');
    }
    if (hit.count <= limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(hit.resetInMs / 1000)) };
  }
}
