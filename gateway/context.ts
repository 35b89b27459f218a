import type { StaleServe } from '../platform/cache/FreshnessReport';
import type { CallerContext, OperationKind } from '../domain/caller';
import type { SharingVerdict } from './inbound/shareIdenticalRequests';

/** What the gateway knows about one request; built once per request in server.ts. */
export interface GatewayContext {
  readonly requestId: string;
  /** Who acts for whom; absent for requests without a bearer token (only public fields run then: plugins/useAccessDirectives.ts). */
  readonly caller?: CallerContext;
  /**
   * The caller context signed for one subgraph and the client operation's kind: each subgraph gets
   * its own, bound to it, this request and this kind, so a captured one is useless anywhere else.
   * `citizens`: the CPR numbers the call is about (its entity representations), for a caseworker's caseload.
   */
  readonly contextFor?: (subgraph: string, operation: OperationKind, citizens?: readonly string[]) => Promise<string>;
  /**
   * Told each subgraph answer's extensions (before the plan's next calls): the citizen subgraph's
   * report of where the citizens it served a caseworker live feeds the caseload of the request's
   * later calls (identity/caseloadResidences.ts); what other subgraphs report there is ignored.
   */
  readonly subgraphAnswered?: (subgraph: string, extensions: Record<string, unknown> | undefined) => void;
  /** Stale-if-error serves the subgraphs reported for this request, passed to the client. */
  readonly staleData: StaleServe[];
  /** Whether this request's answer may stand for identical requests in flight (inbound/shareIdenticalRequests.ts); absent when not shared. */
  readonly sharing?: SharingVerdict;
}
