import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { errors as joseErrors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { parseCpr } from '../../domain/cpr';
import type { Actor } from '../../domain/caller';
import type { Clock } from '../../platform/clock';

export interface TokenVerifierOptions {
  /** Where the issuer's signing keys come from: createRemoteJWKSet(url) or createLocalJWKSet(jwks). */
  readonly jwks: JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  /** Pinned: tokens signed with anything else (and `alg: none`) are refused. */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds?: number;
  /** The process's one clock: expiry is judged by it, not by the machine's. */
  readonly clock: Clock;
  /**
   * Tokens that passed every check, kept by the token string so a client's next requests with the
   * same token skip the signature check: judged again on each use by the clock (expiry, not-before)
   * and verified afresh after REVERIFY_AFTER_SECONDS (a key the issuer withdrew stops working then).
   * At most this many; 0 keeps none. Default 10,000.
   */
  readonly verifiedTokens?: number;
}

/** A cached verification is trusted this long (by the clock) before the token's signature is checked against the JWKS again. */
export const REVERIFY_AFTER_SECONDS = 300;

interface VerifiedToken {
  readonly actor: Actor;
  readonly exp: number;
  readonly nbf: number | undefined;
  readonly verifiedAt: number;
}

export type TokenVerifier = (bearer: string) => Promise<Actor>;

/**
 * Verifies an OIDC access token (signature against the JWKS, issuer, audience, expiry,
 * algorithm) and turns its claims into an Actor. Citizens carry their CPR as `nin`;
 * caseworkers and analysts carry `role`, `authority` and `scope`.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (options.algorithms.length === 0 || options.algorithms.some((a) => a.toLowerCase() === 'none')) {
    throw new Error('createTokenVerifier: algorithms must list real signing algorithms, e.g. ["ES256"]');
  }
  const tolerance = options.clockToleranceSeconds ?? 30;
  const verified = (options.verifiedTokens ?? 10_000) > 0 ? new LRUCache<string, VerifiedToken>({ max: options.verifiedTokens ?? 10_000 }) : undefined;
  return async (bearer) => {
    const now = options.clock.now().getTime() / 1000;
    const seen = verified?.get(bearer);
    if (seen) {
      // As jose judges it (with the same tolerance): a token past exp or before nbf is verified afresh, and refused there.
      const inDate = now < seen.exp + tolerance && (seen.nbf === undefined || now >= seen.nbf - tolerance);
      if (inDate && now >= seen.verifiedAt && now - seen.verifiedAt < REVERIFY_AFTER_SECONDS) return seen.actor;
      verified!.delete(bearer);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer, options.jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...options.algorithms],
        clockTolerance: tolerance,
        requiredClaims: ['exp', 'sub'],
        currentDate: options.clock.now(),
      }));
    } catch (error) {
      throw unauthenticated(error instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is not valid.');
    }
    // Frozen: one kept actor answers many requests, so none may change it for the others.
    const actor = Object.freeze(actorFromClaims(payload));
    Object.freeze(actor.scopes);
    verified?.set(bearer, { actor, exp: payload.exp as number, nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined, verifiedAt: now });
    return actor;
  };
}

function actorFromClaims(claims: JWTPayload): Actor {
  const role = typeof claims.role === 'string' ? claims.role : 'citizen';
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  const id = String(claims.sub);
  if (role === 'citizen') {
    const nin = typeof claims.nin === 'string' ? parseCpr(claims.nin) : null;
    if (!nin?.ok) throw unauthenticated('The access token has no valid `nin` (CPR number) claim.');
    return { kind: 'citizen', id, cpr: nin.value.cpr, scopes: [], name };
  }
  if (role === 'caseworker' || role === 'analyst') {
    if (typeof claims.authority !== 'string') throw unauthenticated(`A ${role} token needs an \`authority\` claim.`);
    return { kind: role, id, authority: claims.authority, scopes, name };
  }
  throw unauthenticated(`The access token's role "${role}" is not known here.`);
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}
