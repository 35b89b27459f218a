import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../platform/clock';
import type { CallerContext, ContextBinding, OperationKind } from './types';

/**
 * BENCH ONLY: long-lived static caller contexts, so that gateways other than ours (which cannot
 * sign a context per request) can be measured on authenticated workloads by `npm run bench`
 * (docs/performance.md, "Peers on authenticated workloads").
 *
 * Off unless a process calls acceptBenchStaticContexts, which only the bench's stack process
 * (scripts/bench/benchStack.ts) does, and which refuses unless the explicit bench flag
 * CITIZEN_GRAPH_BENCH_STATIC_CONTEXTS=1 is set and refuses whenever NODE_ENV=production. No
 * service's main.ts calls it. A bench context is signed with a key of its own, made per bench run
 * and never the gateway's, under its own issuer and JWT type, and it is still bound to one
 * audience (subgraph) and one operation kind; what it drops is the per-request binding (request id,
 * lifetime of one request), which is what lets a peer send it unchanged on every call.
 */
export const BENCH_STATIC_CONTEXTS_FLAG = 'CITIZEN_GRAPH_BENCH_STATIC_CONTEXTS';
const ISSUER = 'citizen-graph-bench';
const TYPE = 'bench-static-context';
const ALGORITHM = 'EdDSA';
/** A bench run's contexts live for the run, at most two hours. */
export const MAX_BENCH_CONTEXT_TTL_SECONDS = 2 * 3600;
/** Every bench context starts with this protected header, so telling one apart is a prefix compare. */
const HEADER_SEGMENT = `${Buffer.from(JSON.stringify({ alg: ALGORITHM, typ: TYPE })).toString('base64url')}.`;

type KeyLike = Parameters<SignJWT['sign']>[0];

interface Verified {
  readonly token: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly caller: CallerContext;
  readonly operation: OperationKind;
}

let accepted: { readonly publicKey: KeyLike; readonly verified: Map<string, Verified> } | undefined;

/** Turns bench contexts on in this process: the bench's stack process only. */
export function acceptBenchStaticContexts(publicKey: KeyLike, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production') throw new Error('bench static caller contexts are refused when NODE_ENV=production');
  if (env[BENCH_STATIC_CONTEXTS_FLAG] !== '1')
    throw new Error(
      `bench static caller contexts need the explicit bench flag ${BENCH_STATIC_CONTEXTS_FLAG}=1 (npm run bench sets it for its own stack process only)`,
    );
  accepted = { publicKey, verified: new Map() };
}

export function stopAcceptingBenchStaticContexts(): void {
  accepted = undefined;
}

/** True only while bench contexts are accepted and the token is marked as one: false in every deployed process. */
export function isBenchStaticContext(token: string): boolean {
  return accepted !== undefined && token.startsWith(HEADER_SEGMENT);
}

/** The bench run's own key pair (never the gateway's). */
export async function generateBenchContextKeys(): Promise<{ privateKey: KeyLike; publicKey: KeyLike; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  return { privateKey, publicKey, publicJwk: await exportJWK(publicKey) };
}

/** Signs a static context for one subgraph and operation kind, living ttlSeconds from `context.at`. */
export async function signBenchStaticContext(context: CallerContext, privateKey: KeyLike, binding: ContextBinding, ttlSeconds: number): Promise<string> {
  if (ttlSeconds > MAX_BENCH_CONTEXT_TTL_SECONDS) throw new Error(`signBenchStaticContext: ttlSeconds must be at most ${MAX_BENCH_CONTEXT_TTL_SECONDS}`);
  const issuedAt = Math.floor(Date.parse(context.at) / 1000);
  if (Number.isNaN(issuedAt)) throw new Error('signBenchStaticContext: context.at must be an ISO instant');
  return new SignJWT({ ctx: context, op: binding.operation })
    .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
    .setIssuer(ISSUER)
    .setAudience(binding.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(privateKey);
}

/**
 * Verifies a bench context for `audience` against the clock with the bench key; throws when bench
 * contexts are off in this process or on any doubt. A context verified before (same audience, the
 * very same token) is judged again on its lifetime only, so a peer's calls do not each pay a verify.
 */
export async function verifyBenchStaticContext(token: string, clock: Clock, audience: string): Promise<{ caller: CallerContext; operation: OperationKind }> {
  if (!accepted || !token.startsWith(HEADER_SEGMENT)) throw new Error('bench static caller contexts are not accepted here');
  const now = Math.floor(clock.now().getTime() / 1000);
  const key = `${audience} ${token.slice(token.lastIndexOf('.') + 1)}`;
  const seen = accepted.verified.get(key);
  if (seen && seen.token === token && now >= seen.issuedAt && now < seen.expiresAt) return { caller: seen.caller, operation: seen.operation };
  const { payload } = await jwtVerify(token, accepted.publicKey, {
    issuer: ISSUER,
    audience,
    algorithms: [ALGORITHM],
    typ: TYPE,
    currentDate: clock.now(),
    requiredClaims: ['exp', 'iat'],
  });
  const issuedAt = payload.iat as number;
  const expiresAt = payload.exp as number;
  if (expiresAt - issuedAt > MAX_BENCH_CONTEXT_TTL_SECONDS) throw new Error('bench context lives longer than a bench run');
  const caller = payload.ctx as CallerContext | undefined;
  if (
    !caller ||
    typeof caller !== 'object' ||
    !caller.actor ||
    !caller.channel ||
    typeof caller.requestId !== 'string' ||
    typeof caller.at !== 'string' ||
    typeof caller.today !== 'string'
  ) {
    throw new Error('bench context payload is malformed');
  }
  if (payload.op !== 'query' && payload.op !== 'mutation') throw new Error('bench context names no operation kind');
  if (accepted.verified.size >= 100) accepted.verified.clear();
  const verified: Verified = { token, issuedAt, expiresAt, caller, operation: payload.op };
  accepted.verified.set(key, verified);
  return { caller, operation: verified.operation };
}
