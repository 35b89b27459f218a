import path from 'node:path';
import { accessLogPlugin, buildSubgraphServer, type SubgraphRuntime, type SubgraphServer } from '../kit';
import { loadTypeDefs } from '../../platform';
import { createContextFunction, type HousingContext } from './context';
import type { HousingClient } from './housingClient';
import { createResolvers } from './resolvers';

export type HousingSubgraphDeps = SubgraphRuntime & {
  readonly client: HousingClient;
};

/** Builds the housing subgraph (dwelling, housing benefit, applications, filing); no side effects until listen(). */
export function buildHousingSubgraph(deps: HousingSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<HousingContext>({
    name: 'housing',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers: createResolvers(deps) }],
    context: createContextFunction(deps.client, deps),
    plugins: [accessLogPlugin(deps.selfservice, deps.logger)],
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    onStop: () => deps.client.close(),
  });
}
