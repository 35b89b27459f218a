import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { type Clock, danishDate } from '../clock';
import type { CallerContext } from './types';

/** The header carrying the gateway-signed caller context to subgraphs. */
export const CALLER_CONTEXT_HEADER = 'x-caller-context';

const ISSUER = 'citizen-graph-gateway';
const AUDIENCE = 'citizen-graph-subgraphs';
const ALGORITHM = 'EdDSA';

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
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || (kind === 'private' && !jwk.d)) throw new Error(`the ${kind} caller-context key must be an Ed25519 ${kind} JWK`);
  return (await importJWK(jwk, ALGORITHM)) as KeyLike;
}

/**
 * Signs a caller context valid for ttlSeconds (short: one request). Its lifetime starts at the
 * request's own instant (`context.at`), so signing reads no clock of its own.
 */
export async function signCallerContext(context: CallerContext, privateKey: KeyLike, ttlSeconds = 30): Promise<string> {
  const issuedAt = Math.floor(Date.parse(context.at) / 1000);
  if (Number.isNaN(issuedAt)) throw new Error(`signCallerContext: context.at must be an ISO instant, got ${JSON.stringify(context.at)}`);
  return new SignJWT({ ctx: context })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(privateKey);
}

/** Verifies a caller context against the clock; throws (never returns a partial context) on any doubt. */
export async function verifyCallerContext(token: string, publicKey: KeyLike, clock: Clock): Promise<CallerContext> {
  const { payload } = await jwtVerify(token, publicKey, {
    issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM], maxTokenAge: '5m', currentDate: clock.now(),
  });
  const ctx = payload.ctx as CallerContext | undefined;
  if (!ctx || typeof ctx !== 'object' || !ctx.actor || !ctx.channel) throw new Error('caller context payload is malformed');
  if (!hasRequestTime(ctx)) throw new Error('caller context carries no request time (at, today) or they disagree');
  return ctx;
}

/** `today` must be the Danish date of `at`: one request, one date, whoever reads it. */
function hasRequestTime(ctx: CallerContext): boolean {
  if (typeof ctx.at !== 'string' || typeof ctx.today !== 'string') return false;
  const at = new Date(ctx.at);
  return !Number.isNaN(at.getTime()) && danishDate(at) === ctx.today;
}
