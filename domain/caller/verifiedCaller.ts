import type { HeaderMap } from '@apollo/server';
import type { Clock } from '../../platform/clock';
import { unauthenticated } from './authorize';
import { isBenchStaticContext } from './benchStaticContext';
import { CALLER_CONTEXT_HEADER, type ContextKeys, type VerifiedContext, verifyCallerContext } from './signing';
import type { VerifiedContextCache } from './VerifiedContextCache';
import type { CallerContext, OperationKind } from './types';

/** The verified caller and the signed token itself (forwarded on internal calls to selfservice). */
export interface VerifiedCaller {
  readonly caller: CallerContext;
  readonly token: string;
  /** The operation kind the context was minted for: a query's context cannot run a mutation. */
  readonly operation: OperationKind;
}

export interface CallerCheck {
  readonly publicKey: ContextKeys['publicKey'];
  readonly clock: Clock;
  /** This service's name: a context minted for another service is refused. */
  readonly audience: string;
  /** Contexts this service verified before (one per service, made at start); without it every call verifies. */
  readonly cache?: VerifiedContextCache;
}

/**
 * Reads and verifies the gateway-signed caller context: signature, lifetime, audience, and the
 * request it was minted for (its request id must be this call's x-request-id). Else UNAUTHENTICATED.
 */
export async function verifiedCaller(request: { headers: HeaderMap; requestId: string }, check: CallerCheck): Promise<VerifiedCaller> {
  const token = request.headers.get(CALLER_CONTEXT_HEADER);
  if (!token) throw unauthenticated();
  if (isBenchStaticContext(token)) {
    // Bench only (benchStaticContext.ts, off unless the bench's stack turned it on): one static context serves every request of a peer gateway, so it is bound to no request id.
    try {
      const bench = await verifyCallerContext(token, check.publicKey, check.clock, check.audience);
      return { caller: bench.caller, token, operation: bench.operation };
    } catch {
      throw unauthenticated();
    }
  }
  let verified: VerifiedContext | undefined = check.cache?.get(token, check.audience, check.clock);
  if (!verified) {
    try {
      verified = await verifyCallerContext(token, check.publicKey, check.clock, check.audience);
    } catch {
      throw unauthenticated();
    }
    check.cache?.set(token, check.audience, verified);
  }
  // On every call, cached or not: a context rides on no other request.
  if (verified.caller.requestId !== request.requestId) throw unauthenticated('The caller context was minted for another request.');
  return { caller: verified.caller, token, operation: verified.operation };
}
