import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { type Clock, danishDate } from '../../platform/clock';
import { isBenchStaticContext, verifyBenchStaticContext } from './benchStaticContext';
import type { CallerContext, ContextBinding, OperationKind } from './types';

/** The header carrying the gateway-signed caller context to subgraphs. */
export const CALLER_CONTEXT_HEADER = 'x-caller-context';

const ISSUER = 'citizen-graph-gateway';
const ALGORITHM = 'EdDSA';
/** A context lives no longer than the request it was minted for; the gateway's subgraph deadline is shorter. */
export const MAX_CONTEXT_TTL_SECONDS = 15;

type KeyLike = Parameters<SignJWT['sign']>[0];

/** The gateway's signing key pair: the gateway keeps the private key, subgraphs get the public one. */
export interface ContextKeys {
  readonly privateKey?: KeyLike;
  readonly publicKey: KeyLike;
}

export async function generateContextKeys(): Promise<ContextKeys & { privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  return { privateKey, publicKey, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

export async function importContextKey(jwkJson: string, kind: 'private' | 'public'): Promise<KeyLike> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(jwkJson) as JWK;
  } catch {
    throw new Error(`the ${kind} caller-context key must be an Ed25519 JWK in JSON (see npm run keys)`);
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || (kind === 'private' && !jwk.d))
    throw new Error(`the ${kind} caller-context key must be an Ed25519 ${kind} JWK`);
  return (await importJWK(jwk, ALGORITHM)) as KeyLike;
}

/**
 * Signs a caller context for one service and one operation kind, valid for ttlSeconds from the
 * request's own instant (`context.at`), so signing reads no clock of its own.
 */
export async function signCallerContext(context: CallerContext, privateKey: KeyLike, binding: ContextBinding, ttlSeconds = 10): Promise<string> {
  const issuedAt = Math.floor(Date.parse(context.at) / 1000);
  if (Number.isNaN(issuedAt)) throw new Error(`signCallerContext: context.at must be an ISO instant, got ${JSON.stringify(context.at)}`);
  if (ttlSeconds > MAX_CONTEXT_TTL_SECONDS)
    throw new Error(`signCallerContext: ttlSeconds must be at most ${MAX_CONTEXT_TTL_SECONDS} (one request), got ${ttlSeconds}`);
  return new SignJWT({ ctx: context, op: binding.operation })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(binding.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(privateKey);
}

export interface VerifiedContext {
  readonly caller: CallerContext;
  /** The operation kind the context was minted for. */
  readonly operation: OperationKind;
}

/**
 * Verifies a caller context addressed to `audience` against the clock; throws (never returns a
 * partial context) on any doubt: another service's context, an expired or over-long one.
 */
export async function verifyCallerContext(token: string, publicKey: KeyLike, clock: Clock, audience: string): Promise<VerifiedContext> {
  // Bench only (benchStaticContext.ts): false in every process that did not turn bench contexts on.
  if (isBenchStaticContext(token)) return verifyBenchStaticContext(token, clock, audience);
  const { payload } = await jwtVerify(token, publicKey, {
    issuer: ISSUER,
    audience,
    algorithms: [ALGORITHM],
    currentDate: clock.now(),
    maxTokenAge: MAX_CONTEXT_TTL_SECONDS,
    requiredClaims: ['exp', 'iat'],
  });
  if ((payload.exp as number) - (payload.iat as number) > MAX_CONTEXT_TTL_SECONDS) throw new Error('caller context lives longer than one request');
  const ctx = payload.ctx as CallerContext | undefined;
  if (!ctx || typeof ctx !== 'object' || !ctx.actor || !ctx.channel || typeof ctx.requestId !== 'string')
    throw new Error('caller context payload is malformed');
  if (!hasRequestTime(ctx)) throw new Error('caller context carries no request time (at, today) or they disagree');
  if (payload.op !== 'query' && payload.op !== 'mutation') throw new Error('caller context names no operation kind');
  return { caller: ctx, operation: payload.op };
}

/** `today` must be the Danish date of `at`: one request, one date, whoever reads it. */
function hasRequestTime(ctx: CallerContext): boolean {
  if (typeof ctx.at !== 'string' || typeof ctx.today !== 'string') return false;
  const at = new Date(ctx.at);
  return !Number.isNaN(at.getTime()) && danishDate(at) === ctx.today;
}
