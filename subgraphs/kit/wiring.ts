import type { LegacyHttpOptions } from '../../platform/legacyHttp';
import type { SqlClient } from '../../platform/sql';
import type { ServiceCredential } from '../../domain/caller/serviceIdentity';
import type { SelfserviceClient } from '../selfservice/client/selfserviceClient';
import type { SubgraphRuntime } from './runtime';
import type { SubgraphServer } from './subgraphServer';

/**
 * What the local stack hands a subgraph to build it (scripts/stack/startStack.ts); every folder
 * subgraphs/<name>/ of the registry (systems/registry.ts) exports `wiring` from wiring.ts. A
 * deployed subgraph builds the same parts from its environment in its main.ts.
 */
export interface SubgraphParts {
  /** Logger, context key, cache, catalogue, idempotency store, clock, metrics, readiness, and a
   *  selfservice client holding this subgraph's own service credential. */
  readonly runtime: SubgraphRuntime & { readonly selfservice: SelfserviceClient };
  /** For a legacy system spoken to over HTTP: the transport settings (base URL, system, timeout,
   *  retries and breaker, metrics); build the client with `new LegacyHttp(legacyHttp)`. */
  readonly legacyHttp?: LegacyHttpOptions;
  /** For a legacy system that is a database (protocol "sql"). */
  readonly legacySql?: SqlClient;
  /** Transport settings for the population register (system "cpr"), for subgraphs that read it. */
  readonly registerHttp: LegacyHttpOptions;
  /** The graph's own store (selfservice). */
  readonly store: SqlClient;
  /** The service credentials of the filing subgraphs (selfservice checks them). */
  readonly serviceCredentials: readonly ServiceCredential[];
  /** Runs when the stack stops (close clients the wiring opened). */
  onStop(stop: () => void | Promise<void>): void;
}

export interface SubgraphWiring {
  build(parts: SubgraphParts): SubgraphServer;
}
