import { AccessRecorder } from './accessLog';
import { FreshnessReport } from '../../platform/cache/FreshnessReport';
import type { Clock } from '../../platform/clock';
import type { ContextKeys } from '../../domain/caller/signing';
import type { CallerContext, OperationKind } from '../../domain/caller/types';
import { verifiedCaller } from '../../domain/caller/verifiedCaller';
import { VerifiedContextCache } from '../../domain/caller/VerifiedContextCache';
import type { RequestInfo } from '../../platform/httpHandler';

/** What every subgraph's request context starts with; a subgraph adds its loaders. */
export interface SubgraphRequestContext {
  readonly requestId: string;
  /** Who acts, for whom, over which channel: verified from the gateway's signature. */
  readonly caller: CallerContext;
  /** The signed token itself, forwarded on internal calls (access log, filings). */
  readonly callerToken: string;
  /** The operation kind the context was minted for (contextBindingPlugin checks it). */
  readonly callerOperation: OperationKind;
  /** Third-party accesses this request made, written to the access log before the response. */
  readonly access: AccessRecorder;
  /** Stale-if-error serves this request was given, reported in extensions.staleData. */
  readonly freshness: FreshnessReport;
  /** The request's date in Denmark (ISO), decided at the gateway: ages, policy dates, filings. */
  readonly today: string;
  /** The request's instant (ISO), decided at the gateway: access-log entries, filings. */
  readonly at: string;
}

export interface RequestContextDeps {
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** Checks the caller context's lifetime; the request's own time comes from the context. */
  readonly clock: Clock;
  /** This subgraph's name: contexts minted for another service are refused. */
  readonly audience: string;
}

/** Verifies the caller and sets up the per-request recorders; throws UNAUTHENTICATED without a valid context. */
export async function createRequestContext(info: RequestInfo, deps: RequestContextDeps, cache?: VerifiedContextCache): Promise<SubgraphRequestContext> {
  const { caller, token, operation } = await verifiedCaller(info, { publicKey: deps.contextPublicKey, clock: deps.clock, audience: deps.audience, cache });
  return {
    requestId: info.requestId,
    caller,
    callerToken: token,
    callerOperation: operation,
    access: new AccessRecorder(caller),
    freshness: new FreshnessReport(),
    today: caller.today,
    at: caller.at,
  };
}

/** A subgraph's context function: the verified caller and recorders first, then this request's loaders. */
export function subgraphContextFunction<L>(deps: RequestContextDeps, createLoaders: (base: SubgraphRequestContext) => L) {
  const verified = new VerifiedContextCache();
  return async (info: RequestInfo): Promise<SubgraphRequestContext & { readonly loaders: L }> => {
    const base = await createRequestContext(info, deps, verified);
    return { ...base, loaders: createLoaders(base) };
  };
}
