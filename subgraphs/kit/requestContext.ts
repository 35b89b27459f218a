import { AccessRecorder } from './accessLog';
import { FreshnessReport } from './cache/FreshnessReport';
import type { ContextKeys } from './caller/signing';
import type { CallerContext } from './caller/types';
import { verifiedCaller } from './caller/verifiedCaller';
import type { RequestInfo } from './httpHandler';

/** What every subgraph's request context starts with; a subgraph adds its loaders. */
export interface SubgraphRequestContext {
  readonly requestId: string;
  /** Who acts, for whom, over which channel: verified from the gateway's signature. */
  readonly caller: CallerContext;
  /** The signed token itself, forwarded on internal calls (access log, filings). */
  readonly callerToken: string;
  /** Third-party accesses this request made, written to the access log before the response. */
  readonly access: AccessRecorder;
  /** Stale-if-error serves this request was given, reported in extensions.staleData. */
  readonly freshness: FreshnessReport;
  /** Today's date in Denmark (ISO), for ages, policy dates and filings. */
  readonly today: string;
}

export interface RequestContextDeps {
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** Today's date (ISO); defaults to the date in Denmark. */
  readonly today?: () => string;
}

/** Verifies the caller and sets up the per-request recorders; throws UNAUTHENTICATED without a valid context. */
export async function createRequestContext(info: RequestInfo, deps: RequestContextDeps): Promise<SubgraphRequestContext> {
  const { caller, token } = await verifiedCaller(info.headers, deps.contextPublicKey);
  return {
    requestId: info.requestId,
    caller,
    callerToken: token,
    access: new AccessRecorder(caller),
    freshness: new FreshnessReport(),
    today: (deps.today ?? todayInDenmark)(),
  };
}

export function todayInDenmark(): string {
  // The Swedish locale writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
}
