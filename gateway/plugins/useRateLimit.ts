import { ErrorCode } from '../../platform/errors';
import { createHash } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import type { RateLimiter } from '../rateLimit/RateLimiter';

export const RATE_LIMITED = ErrorCode.RATE_LIMITED;

export interface RateLimitInputs<I> {
  /** The client's address as the gateway decided it (socket peer, or a trusted proxy's entry). */
  clientAddressOf(input: I): string;
  /** The Authorization header as sent, if any. */
  authorizationOf(input: I): string | undefined;
  /** Requests per address per window, whatever credentials they carry; 0 = no per-address limit. */
  readonly addressLimit: number;
}

/**
 * Per-client rate limits, applied where the request's context is made (before parsing, and where
 * Apollo Server answers a thrown error with its own HTTP status). First, before any work (token
 * verification, acting-for lookups): per client address, and per credential (the sha256 of the
 * bearer token, or the address when anonymous), so a throttled client costs one counter each.
 * Then, once the token is verified, per subject: one citizen holding many tokens is one client.
 */
export function withRateLimit<I>(
  createContext: (input: I) => Promise<GatewayContext>,
  limiter: RateLimiter,
  inputs: RateLimitInputs<I>,
): (input: I) => Promise<GatewayContext> {
  const admission = rateLimitAdmission(limiter, inputs);
  return async (input) => {
    await admission.beforeWork(input);
    const context = await createContext(input);
    if (context.caller) await admission.subject(context.caller.actor.id);
    return context;
  };
}

/**
 * The two steps of the rate limit, for a request that runs (withRateLimit) and for one that takes an
 * identical request's shared answer (inbound/shareIdenticalRequests.ts), which counts the same.
 */
export function rateLimitAdmission<I>(limiter: RateLimiter, inputs: RateLimitInputs<I>) {
  return {
    /** Per address and per credential, before any work. */
    async beforeWork(input: I): Promise<void> {
      const address = inputs.clientAddressOf(input);
      const authorization = inputs.authorizationOf(input);
      await enforce(limiter, [
        ...(inputs.addressLimit > 0 ? [{ key: `address:${address}`, limit: inputs.addressLimit }] : []),
        { key: authorization ? `token:${tokenHash(authorization)}` : `anonymous:${address}` },
      ]);
    },
    /** Per verified subject: one citizen holding many tokens is one client. */
    async subject(subject: string): Promise<void> {
      await enforce(limiter, [{ key: `subject:${subject}` }]);
    },
  };
}

/** sha256 of the bearer token: counters in Redis must not hold a usable credential. */
function tokenHash(authorization: string): string {
  return createHash('sha256')
    .update(authorization.trim().replace(/^Bearer\s+/i, ''))
    .digest('base64url');
}

async function enforce(limiter: RateLimiter, checks: readonly { key: string; limit?: number }[]): Promise<void> {
  const decisions = await Promise.all(checks.map(({ key, limit }) => limiter.check(key, limit)));
  const denied = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
  if (denied.length === 0) return;
  const seconds = Math.max(...denied);
  throw new GraphQLError(`Too many requests; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
    extensions: {
      code: RATE_LIMITED,
      retryAfterSeconds: seconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
    },
  });
}
