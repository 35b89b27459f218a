import { GraphQLError } from 'graphql';
import type { HeaderMap } from '@apollo/server';
import { type ContextKeys, type OperationKind, signCallerContext } from '../../subgraphs/kit/caller';
import { type Clock, requestTime } from '../../subgraphs/kit/clock';
import type { GatewayContext } from '../context';
import { type ActingDirectory, resolveCallerContext } from './resolveCallerContext';
import { type TokenVerifier, unauthenticated } from './verifyAccessToken';

/** The header in which a citizen or caseworker names the citizen they act for. */
export const ACT_FOR_HEADER = 'x-act-for';

export interface IdentityOptions {
  readonly verifyToken: TokenVerifier;
  readonly directory: ActingDirectory;
  /** The gateway's private key for signing caller contexts to subgraphs. */
  readonly signingKey: NonNullable<ContextKeys['privateKey']>;
  /** The process's one clock: read once per request, at its start. */
  readonly clock: Clock;
  /** How long a signed caller context lives: no longer than one request (the subgraph deadline). */
  readonly contextTtlSeconds?: number;
}

/**
 * Per request: verify the bearer token, decide acting-for once, sign the caller context that
 * every subgraph call of this request carries.
 */
export function createGatewayContext(identity: IdentityOptions) {
  return async ({ headers, requestId }: { headers: HeaderMap; requestId: string }): Promise<GatewayContext> => {
    // One instant and one Danish date per request, decided here and signed into the caller context.
    const time = requestTime(identity.clock);
    const authorization = headers.get('authorization');
    if (!authorization) return { requestId, staleData: [] };
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
    const actor = await identity.verifyToken(match[1]);
    let caller;
    try {
      caller = await resolveCallerContext({
        actor,
        actFor: headers.get(ACT_FOR_HEADER) || undefined,
        requestId,
        time,
        directory: identity.directory,
      });
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      // Fail closed: if we cannot check who may act for whom, nobody acts for anyone.
      throw new GraphQLError('Who you may act for cannot be checked right now; please try again shortly.', {
        extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
      });
    }
    const signed = new Map<string, Promise<string>>();
    const contextFor = (subgraph: string, operation: OperationKind) => {
      const key = `${subgraph}|${operation}`;
      let token = signed.get(key);
      if (!token) {
        token = signCallerContext(caller, identity.signingKey, { audience: subgraph, operation }, identity.contextTtlSeconds);
        signed.set(key, token);
      }
      return token;
    };
    return { requestId, staleData: [], caller, contextFor };
  };
}
