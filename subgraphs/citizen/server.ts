import path from 'node:path';
import { buildSubgraphServer, loadTypeDefs, type Logger, type SubgraphServer } from '../kit';
import type { CprClient } from './cprClient';
import { createLoaders } from './loaders';
import { createResolvers, type CitizenContext } from './resolvers';

export interface CitizenSubgraphDeps {
  /** The population register client; closed when the service stops. */
  readonly cprClient: CprClient;
  readonly logger: Logger;
  /** Today's date (ISO) for ages; defaults to the date in Denmark. */
  readonly today?: () => string;
}

/** Builds the citizen subgraph (owner of `Citizen`): no side effects until listen(). */
export function buildCitizenSubgraph(deps: CitizenSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<CitizenContext>({
    name: 'citizen',
    modules: [{
      typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')),
      resolvers: createResolvers({ today: deps.today ?? todayInDenmark }),
    }],
    // The seam for identity and authorization: the context is built here, once per request.
    context: async ({ requestId }) => ({ requestId, loaders: createLoaders(deps.cprClient) }),
    logger: deps.logger,
    onStop: () => deps.cprClient.close(),
  });
}

function todayInDenmark(): string {
  // Swedish locale formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
}
