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

/** A subgraph's context function: the verified caller and recorders first, then this request's loaders. */
export function subgraphContextFunction<L>(deps: RequestContextDeps, createLoaders: (base: SubgraphRequestContext) => L) {
  return async (info: RequestInfo): Promise<SubgraphRequestContext & { readonly loaders: L }> => {
    const base = await createRequestContext(info, deps);
    return { ...base, loaders: createLoaders(base) };
  };
}

// Built once: constructing an Intl formatter costs far more than formatting with it.
const DANISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });

/** The date in Denmark at the given instant, ISO (the Swedish locale writes YYYY-MM-DD). */
export function danishDate(at: Date): string {
  return DANISH_DATE.format(at);
}

export function todayInDenmark(): string {
  return danishDate(new Date());
}
