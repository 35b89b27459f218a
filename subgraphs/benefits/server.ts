import path from 'node:path';
import type { Logger } from '../kit/logger';
import { loadTypeDefs } from '../kit/schemaFile';
import type { SqlClient } from '../kit/sql';
import { buildSubgraphServer, type SubgraphServer } from '../kit/subgraphServer';
import { BenefitsRepository } from './benefitsRepository';
import { createLoaders } from './loaders';
import { resolvers, type BenefitsContext } from './resolvers';

export interface BenefitsSubgraphDeps {
  /** The benefits legacy database (PostgreSQL or PGlite); closed when the service stops. */
  readonly sql: SqlClient;
  readonly logger: Logger;
}

/** Builds the benefits subgraph over the YDL tables; no side effects until listen(). */
export function buildBenefitsSubgraph(deps: BenefitsSubgraphDeps): SubgraphServer {
  const repository = new BenefitsRepository(deps.sql);
  return buildSubgraphServer<BenefitsContext>({
    name: 'benefits',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers }],
    // The seam for identity: the gateway's signed context will be checked here, before loaders exist.
    context: async ({ requestId }) => ({ requestId, loaders: createLoaders(repository) }),
    logger: deps.logger,
    onStop: () => deps.sql.close(),
  });
}
