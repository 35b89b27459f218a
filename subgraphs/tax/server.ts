import path from 'node:path';
import { buildSubgraphServer, loadTypeDefs, type Logger, type SubgraphServer } from '../kit';
import { createLoaders } from './loaders';
import { resolvers, type TaxContext } from './resolvers';
import type { TaxSoapClient } from './soapClient';

export interface TaxSubgraphDeps {
  /** The client for the tax agency; closed when the server stops. */
  readonly client: TaxSoapClient;
  readonly logger: Logger;
}

/** Builds the tax subgraph: no side effects until listen(). */
export function buildTaxSubgraph(deps: TaxSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<TaxContext>({
    name: 'tax',
    modules: [{ typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')), resolvers }],
    // The seam for identity: verify the gateway's signed context here before building loaders.
    context: async ({ requestId }) => ({ requestId, loaders: createLoaders(deps.client) }),
    logger: deps.logger,
    onStop: () => deps.client.close(),
  });
}
