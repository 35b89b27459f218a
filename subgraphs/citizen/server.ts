import path from 'node:path';
import { accessLogPlugin, buildSubgraphServer, type SubgraphRuntime, type SubgraphServer } from '../kit';
import { loadTypeDefs } from '../../platform';
import { createChangeAddressResolver } from './addressChange';
import { caseloadResidencesPlugin } from './caseloadResidencesPlugin';
import { createContextFunction, type CitizenContext } from './context';
import type { HeldDelegations } from './grantorName';
import type { CprClient } from '../../domain/register/cprClient';
import { createResolvers } from './resolvers';

export type CitizenSubgraphDeps = SubgraphRuntime & {
  /** The population register client; closed when the service stops. */
  readonly cprClient: CprClient;
  /** Selfservice, asked (with this subgraph's credential) whom a holder holds powers of attorney from. */
  readonly delegations: HeldDelegations;
};

/** Builds the citizen subgraph (owner of `Citizen`): no side effects until listen(). */
export function buildCitizenSubgraph(deps: CitizenSubgraphDeps): SubgraphServer {
  return buildSubgraphServer<CitizenContext>({
    name: 'citizen',
    modules: [
      {
        typeDefs: loadTypeDefs(path.join(__dirname, 'schema.graphql')),
        resolvers: createResolvers({ changeAddress: createChangeAddressResolver(deps) }),
      },
    ],
    context: createContextFunction(deps),
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: deps.readiness,
    plugins: [accessLogPlugin<CitizenContext>(deps.selfservice, deps.logger), caseloadResidencesPlugin()],
    onStop: () => deps.cprClient.close(),
  });
}
