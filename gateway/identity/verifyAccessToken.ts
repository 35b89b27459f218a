import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { errors as joseErrors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
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
  return async (bearer) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer, options.jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...options.algorithms],
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
        currentDate: options.clock.now(),
      }));
    } catch (error) {
      throw unauthenticated(error instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is not valid.');
    }
    return actorFromClaims(payload);
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
