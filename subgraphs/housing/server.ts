import path from 'node:path';
import { type Logger, type SubgraphServer, buildSubgraphServer, loadTypeDefs } from '../kit';
import type { HousingClient } from './housingClient';
import { createLoaders } from './loaders';
import { type HousingContext, resolvers } from './resolvers';

export interface HousingSubgraphDeps {
  readonly client: HousingClient;
  readonly logger: Logger;
}

/** Builds the housing subgraph (dwelling, housing benefit, applications); no side effects until listen(). */
export function buildHousingSubgraph(deps: HousingSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<HousingContext>({
    name: 'housing',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers }],
    // The seam for identity: verify the gateway-signed acting-for context here and put it on the context.
    context: async ({ requestId }) => ({ requestId, loaders: createLoaders(deps.client) }),
    logger: deps.logger,
    onStop: () => deps.client.close(),
  });
}
