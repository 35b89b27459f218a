import type { StaleServe } from '../subgraphs/kit/cache/FreshnessReport';
import type { CallerContext } from '../subgraphs/kit/caller';

/** What the gateway knows about one request; built once per request in server.ts. */
export interface GatewayContext {
  readonly requestId: string;
  /** Who acts for whom; absent for requests without a bearer token (only introspection is allowed then). */
  readonly caller?: CallerContext;
  /** Headers passed to every subgraph call of this request (e.g. the signed caller context). */
  readonly subgraphHeaders?: Readonly<Record<string, string>>;
  /** Stale-if-error serves the subgraphs reported for this request, passed to the client. */
  readonly staleData: StaleServe[];
}
