import path from 'node:path';
import { accessLogPlugin, buildSubgraphServer, type SubgraphRuntime, type SubgraphServer } from '../kit';
import { loadTypeDefs } from '../../platform';
import { createContextFunction, type TaxContext } from './context';
import { createResolvers } from './resolvers';
import type { TaxSoapClient } from './soapClient';

export interface TaxSubgraphDeps extends SubgraphRuntime {
  /** The client for the tax agency; closed when the server stops. */
  readonly client: TaxSoapClient;
}

/** Builds the tax subgraph: no side effects until listen(). */
export function buildTaxSubgraph(deps: TaxSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<TaxContext>({
    name: 'tax',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers: createResolvers(deps) }],
    context: createContextFunction(deps),
    plugins: [accessLogPlugin(deps.selfservice, deps.logger)],
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    onStop: () => deps.client.close(),
  });
}
