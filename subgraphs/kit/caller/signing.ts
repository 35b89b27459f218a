import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
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

/** Signs a caller context valid for ttlSeconds (short: one request). */
export async function signCallerContext(context: CallerContext, privateKey: KeyLike, ttlSeconds = 30): Promise<string> {
  return new SignJWT({ ctx: context })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}

/** Verifies a caller context; throws (never returns a partial context) on any doubt. */
export async function verifyCallerContext(token: string, publicKey: KeyLike): Promise<CallerContext> {
  const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM], maxTokenAge: '5m' });
  const ctx = payload.ctx as CallerContext | undefined;
  if (!ctx || typeof ctx !== 'object' || !ctx.actor || !ctx.channel) throw new Error('caller context payload is malformed');
  return ctx;
}
