import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import type { HeaderMap } from '@apollo/server';
import { CASELOAD_RESIDENCES_EXTENSION, type CallerContext, type ContextKeys, type OperationKind, signCallerContext } from '../../domain/caller';
import { type Clock, requestTime } from '../../platform/clock';
import type { GatewayContext } from '../context';
import { lookUpRegisterName, withRegisterName } from './actorName';
import { caseloadResidences, REGISTER_SUBGRAPH } from './caseloadResidences';
import { type ActingDirectory, resolveCallerContext, withOwnMunicipality } from './resolveCallerContext';
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
    // Alongside the acting-for check, not before it: a slow register must not add its wait to every request.
    const registerName = lookUpRegisterName(identity.directory, actor, requestId, time);
    let caller: Awaited<ReturnType<typeof resolveCallerContext>>;
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
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } },
      });
    }
    // Before anything is signed: every subgraph writes the same actor name into access logs.
    caller = { ...caller, actor: withRegisterName(caller.actor, await registerName) };
    const signed = new Map<string, Promise<string>>();
    const sign = (context: CallerContext, subgraph: string, operation: OperationKind) =>
      signCallerContext(context, identity.signingKey, { audience: subgraph, operation }, identity.contextTtlSeconds);
    // A citizen's own municipality only labels filings: asked of the register once, and only if the request is a mutation.
    let mutationCaller: Promise<CallerContext> | undefined;
    const callerFor = (operation: OperationKind): Promise<CallerContext> => {
      if (operation !== 'mutation') return Promise.resolve(caller);
      if (!mutationCaller) mutationCaller = withOwnMunicipality(caller, { directory: identity.directory, time });
      return mutationCaller;
    };
    const contextOf = (subgraph: string, operation: OperationKind) => {
      const key = `${subgraph}|${operation}`;
      let token = signed.get(key);
      if (!token) {
        token = callerFor(operation).then((context) => sign(context, subgraph, operation));
        signed.set(key, token);
      }
      return token;
    };
    const residences = caseloadResidences({ caller, directory: identity.directory, requestId, registerContext: () => contextOf(REGISTER_SUBGRAPH, 'query') });
    // A call about citizens in a caseworker's caseload carries where they live, for subgraphs without the register.
    const contextFor = async (subgraph: string, operation: OperationKind, citizens: readonly string[] = []) => {
      const citizenMunicipalities = subgraph === REGISTER_SUBGRAPH || citizens.length === 0 ? {} : await residences(citizens);
      if (Object.keys(citizenMunicipalities).length === 0) return contextOf(subgraph, operation);
      return sign({ ...(await callerFor(operation)), citizenMunicipalities }, subgraph, operation);
    };
    // The register's own answer to a caseworker names where the citizens it served them live: later calls need no lookup.
    const subgraphAnswered = (subgraph: string, extensions: Record<string, unknown> | undefined) => {
      // Only the citizen subgraph holds the register; what any other subgraph claims about residence is ignored.
      if (subgraph !== REGISTER_SUBGRAPH || caller.actor.kind !== 'caseworker') return;
      const reported = extensions?.[CASELOAD_RESIDENCES_EXTENSION];
      if (!reported || typeof reported !== 'object' || Array.isArray(reported)) return;
      for (const [cpr, code] of Object.entries(reported)) if (typeof code === 'string') residences.learn(cpr, code);
    };
    return { requestId, staleData: [], caller, contextFor, subgraphAnswered };
  };
}
