import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request this code runs for, carried through its async work, so every log line a
 * service writes while serving it carries `requestId` without being handed it: the gateway's, a
 * subgraph's (the gateway forwards its id as x-request-id) and each legacy call's. serveHttp
 * opens the scope for every request; code outside a request has none.
 */
const scope = new AsyncLocalStorage<string>();

/** Runs `work` with `requestId` as the current request's id (and everything it awaits or schedules). */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

/** The current request's id, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return scope.getStore();
}
