import type { RequestInfo } from '../../platform/httpHandler';
import type { ContextKeys } from '../../domain/caller';
import { unauthenticated } from '../../domain/caller/authorize';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';
import type { CallerContext, OperationKind } from '../../domain/caller/types';
import { verifiedCaller } from '../../domain/caller/verifiedCaller';
import { VerifiedContextCache } from '../../domain/caller/VerifiedContextCache';
import { type Clock, type RequestTime, requestTime } from '../../platform/clock';
import { createLoaders, type SelfserviceLoaders } from './loaders';
import type { SelfserviceStores } from './store/stores';

export interface SelfserviceContext {
  readonly requestId: string;
  /** Who calls, for whom: verified from the gateway's signature, never taken on trust. */
  readonly caller: CallerContext;
  /** The request's instant and its Danish date, decided at the gateway: statuses and defaults are computed against these. */
  readonly now: Date;
  readonly today: string;
  /** The operation kind the context was minted for (contextBindingPlugin checks it). */
  readonly callerOperation: OperationKind;
  readonly loaders: SelfserviceLoaders;
  /** Third-party reads already in the subject's access log during this request (citizen|operation). */
  readonly loggedReads: Set<string>;
  /**
   * A call without any caller context (the public catalogue): anonymousCallerPlugin lets it select
   * public fields only, and reading `caller` throws UNAUTHENTICATED. Its time is this process's clock.
   */
  readonly anonymous?: boolean;
}

export interface ContextDeps {
  readonly stores: SelfserviceStores;
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** Checks the caller context's lifetime; the request's own time comes from the context. */
  readonly clock: Clock;
}

/** The per-request context: the place where identity is checked and loaders are made. */
export function createContextFunction(deps: ContextDeps) {
  const verified = new VerifiedContextCache();
  return async ({ headers, requestId }: RequestInfo): Promise<SelfserviceContext> => {
    if (!headers.get(CALLER_CONTEXT_HEADER)) return new AnonymousContext(requestId, requestTime(deps.clock), createLoaders(deps.stores));
    const { caller, operation } = await verifiedCaller(
      { headers, requestId },
      { publicKey: deps.contextPublicKey, clock: deps.clock, audience: 'selfservice', cache: verified },
    );
    return {
      requestId,
      caller,
      now: new Date(caller.at),
      today: caller.today,
      callerOperation: operation,
      loaders: createLoaders(deps.stores),
      loggedReads: new Set(),
    };
  };
}

/**
 * A call without a caller context. `caller` is a getter on the prototype, so that Apollo's copy of
 * the context (own properties only) keeps it: a resolver that asks who calls is refused, whatever got past the plugin.
 */
class AnonymousContext implements SelfserviceContext {
  readonly anonymous = true;
  // Never minted for a mutation: contextBindingPlugin refuses anonymous mutations too.
  readonly callerOperation = 'query' as const;
  readonly loggedReads = new Set<string>();
  readonly now: Date;
  readonly today: string;

  constructor(
    readonly requestId: string,
    time: RequestTime,
    readonly loaders: SelfserviceLoaders,
  ) {
    this.now = new Date(time.at);
    this.today = time.today;
  }

  get caller(): CallerContext {
    throw unauthenticated();
  }
}
