import { LegacyHttp } from '../../platform/legacyHttp';
import { CprClient } from '../../domain/register/cprClient';
import type { SubgraphWiring } from '../kit/wiring';
import { buildCitizenSubgraph } from './server';

export const wiring: SubgraphWiring = {
  build(parts) {
    const cprClient = new CprClient({ http: new LegacyHttp(parts.legacyHttp!) });
    parts.onStop(() => cprClient.close());
    return buildCitizenSubgraph({ ...parts.runtime, cprClient, delegations: parts.runtime.selfservice });
  },
};
