import path from 'node:path';
import { anonymousCallerPlugin } from '../../domain/accessDirectives/anonymousCallerPlugin';
import type { ContextKeys, ServiceCredential } from '../../domain/caller';
import { type Clock, systemClock } from '../../platform/clock';
import { serviceCatalogue, type ServiceCatalogue } from '../../domain/catalogue/catalogue';
import type { Logger } from '../../platform/logger';
import type { RegisterLookup } from '../../domain/register/registerLookup';
import { loadTypeDefs } from '../../platform/schemaFile';
import type { Registry } from 'prom-client';
import { sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import type { SqlClient } from '../../platform/sql';
import { buildSubgraphServer, type SubgraphServer } from '../kit/subgraphServer';
import { accessReadsCountPlugin } from './accessLog/accessReads';
import { createContextFunction, type SelfserviceContext } from './context';
import { createInternalRoutes } from './internal/internalRoutes';
import { migrate } from './store/migrate';
import type { OutcomesConfig } from './outcomes/outcomes';
import { checkMinCellCitizens, DEFAULT_MIN_CELL_CITIZENS } from './outcomes/suppression';
import { channelCosts } from '../../domain/catalogue/channelCosts';
import { resolvePolicy, type SelfservicePolicy } from './policy';
import { createResolvers } from './resolvers';
import { createStores } from './store/stores';

export interface SelfserviceSubgraphDeps {
  /** The selfservice database (PostgreSQL or PGlite); migrated on listen, closed on stop. */
  readonly sql: SqlClient;
  readonly logger: Logger;
  /** The gateway's public key: every GraphQL and internal call must carry a context it signed. */
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** The subgraphs that may write the access log and filings, each with its secret (INTERNAL_SERVICE_KEYS). */
  readonly services: readonly ServiceCredential[];
  /** The population register: a power of attorney is granted only to a person it knows. */
  readonly register: RegisterLookup;
  /** The process's one clock (context lifetimes, when entries were recorded); tests pin it. */
  readonly clock?: Clock;
  /** Exemption default period, delegation limits; defaults in DEFAULT_SELFSERVICE_POLICY. */
  readonly policy?: Partial<SelfservicePolicy>;
  /** Defaults to the catalogue in the repository (kit/catalogue/services.json). */
  readonly catalogue?: ServiceCatalogue;
  /** Outcome figures: small-cell minimum (default 5) and channel costs (default kit/catalogue/channelCosts.json). */
  readonly outcomes?: Partial<OutcomesConfig>;
  readonly maxBodyBytes?: number;
  /** This instance's Prometheus registry; default: a new one. */
  readonly metrics?: Registry;
}

/** Builds the selfservice subgraph: no side effects until listen(), which migrates first. */
export function buildSelfserviceSubgraph(deps: SelfserviceSubgraphDeps): SubgraphServer {
  const policy = resolvePolicy(deps.policy);
  const catalogue = deps.catalogue ?? serviceCatalogue();
  const clock = deps.clock ?? systemClock;
  const stores = createStores(deps.sql);
  const outcomes: OutcomesConfig = {
    minCellCitizens: checkMinCellCitizens(deps.outcomes?.minCellCitizens ?? DEFAULT_MIN_CELL_CITIZENS),
    channelCosts: deps.outcomes?.channelCosts ?? channelCosts(),
  };
  const maxBodyBytes = deps.maxBodyBytes ?? 1_000_000;
  const typeDefs = loadTypeDefs(path.join(__dirname, 'schema.graphql'));
  return buildSubgraphServer<SelfserviceContext>({
    name: 'selfservice',
    modules: [{ typeDefs, resolvers: createResolvers({ stores, policy, catalogue, clock, register: deps.register, outcomes }) }],
    context: createContextFunction({ stores, contextPublicKey: deps.contextPublicKey, clock }),
    routes: createInternalRoutes({
      stores,
      catalogue,
      contextPublicKey: deps.contextPublicKey,
      services: deps.services,
      clock,
      logger: deps.logger,
      maxBodyBytes,
    }),
    beforeStart: async () => {
      const outcome = await migrate(deps.sql, { clock });
      deps.logger.info('selfservice store migrated', { engine: deps.sql.engine, version: outcome.version, applied: outcome.applied });
    },
    logger: deps.logger,
    maxBodyBytes,
    metrics: deps.metrics,
    // Without its store selfservice answers nothing useful: /ready follows it.
    readiness: [sqlReadinessCheck('selfservice-store', deps.sql)],
    onStop: () => deps.sql.close(),
    // Calls without a caller context (the gateway's anonymous requests) reach the public catalogue only.
    plugins: [anonymousCallerPlugin<SelfserviceContext>(typeDefs), accessReadsCountPlugin()],
  });
}
