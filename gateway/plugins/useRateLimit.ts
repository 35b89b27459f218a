import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import type { RateLimiter } from '../rateLimit/RateLimiter';

export const RATE_LIMITED = 'RATE_LIMITED';

/**
 * Per-client rate limit, applied where the request's context is made (before parsing, and where
 * Apollo Server answers a thrown error with its own HTTP status): by token subject when signed in,
 * else by client address. A request whose token fails verification counts against its address.
 */
export function withRateLimit<I>(
  createContext: (input: I) => Promise<GatewayContext>,
  limiter: RateLimiter,
  clientAddressOf: (input: I) => string,
): (input: I) => Promise<GatewayContext> {
  return async (input) => {
    let context: GatewayContext;
    try {
      context = await createContext(input);
    } catch (error) {
      await enforce(limiter, `address:${clientAddressOf(input)}`);
      throw error;
    }
    await enforce(limiter, context.caller ? `subject:${context.caller.actor.id}` : `address:${clientAddressOf(input)}`);
    return context;
  };
}

async function enforce(limiter: RateLimiter, clientKey: string): Promise<void> {
  const decision = await limiter.check(clientKey);
  if (decision.allowed) return;
  const seconds = decision.retryAfterSeconds;
  throw new GraphQLError(`Too many requests; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
    extensions: {
      code: RATE_LIMITED,
      retryAfterSeconds: seconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
    },
  });
}
