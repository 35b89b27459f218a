import path from 'node:path';
import { accessLogPlugin } from '../kit/accessLog';
import type { SubgraphRuntime } from '../kit/runtime';
import { loadTypeDefs } from '../../platform/schemaFile';
import type { SqlClient } from '../../platform/sql';
import { buildSubgraphServer, type SubgraphServer } from '../kit/subgraphServer';
import { BenefitsRepository } from './benefitsRepository';
import { createContextFunction, type BenefitsContext } from './context';
import { createResolvers } from './resolvers';

export type BenefitsSubgraphDeps = SubgraphRuntime & {
  /** The benefits legacy database (PostgreSQL or PGlite); closed when the service stops. */
  readonly sql: SqlClient;
};

/** Builds the benefits subgraph over the YDL tables; no side effects until listen(). */
export function buildBenefitsSubgraph(deps: BenefitsSubgraphDeps): SubgraphServer {
  const repository = new BenefitsRepository(deps.sql);
  const resolvers = createResolvers({
    repository,
    catalogue: deps.catalogue,
    idempotency: deps.idempotency,
    cache: deps.cache,
    selfservice: deps.selfservice,
    logger: deps.logger,
  });
  return buildSubgraphServer<BenefitsContext>({
    name: 'benefits',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers }],
    context: createContextFunction({ repository, contextPublicKey: deps.contextPublicKey, cache: deps.cache, clock: deps.clock }),
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    plugins: [accessLogPlugin(deps.selfservice, deps.logger)],
    onStop: () => deps.sql.close(),
  });
}
