import path from 'node:path';
import { accessLogPlugin, buildSubgraphServer, type SubgraphRuntime, type SubgraphServer } from '../kit';
import { loadTypeDefs } from '../../platform';
import { createContextFunction, type DaycareContext } from './context';
import type { DaycareClient } from './daycareClient';
import { createResolvers } from './resolvers';

export type DaycareSubgraphDeps = SubgraphRuntime & {
  readonly client: DaycareClient;
};

/** Builds the daycare subgraph (Daycare: places and waiting lists for children); no side effects until listen(). */
export function buildDaycareSubgraph(deps: DaycareSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<DaycareContext>({
    name: 'daycare',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers: createResolvers(deps) }],
    context: createContextFunction(deps.client, deps),
    plugins: [accessLogPlugin(deps.selfservice, deps.logger)],
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    onStop: () => deps.client.close(),
  });
}
