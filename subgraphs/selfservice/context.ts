import type { RequestInfo } from '../kit/httpHandler';
import type { ContextKeys } from '../kit/caller';
import type { CallerContext, OperationKind } from '../kit/caller/types';
import { verifiedCaller } from '../kit/caller/verifiedCaller';
import type { Clock } from '../kit/clock';
import { createLoaders, type SelfserviceLoaders } from './loaders';
import type { SelfserviceStores } from './stores';

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
}

export interface ContextDeps {
  readonly stores: SelfserviceStores;
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** Checks the caller context's lifetime; the request's own time comes from the context. */
  readonly clock: Clock;
}

/** The per-request context: the place where identity is checked and loaders are made. */
export function createContextFunction(deps: ContextDeps) {
  return async ({ headers, requestId }: RequestInfo): Promise<SelfserviceContext> => {
    const { caller, operation } = await verifiedCaller({ headers, requestId }, { publicKey: deps.contextPublicKey, clock: deps.clock, audience: 'selfservice' });
    return { requestId, caller, now: new Date(caller.at), today: caller.today, callerOperation: operation, loaders: createLoaders(deps.stores), loggedReads: new Set() };
  };
}
