import { LegacyHttp } from '../../platform/legacyHttp';
import type { SubgraphWiring } from '../kit/wiring';
import { DaycareClient } from './daycareClient';
import { buildDaycareSubgraph } from './server';

/** How the local stack builds this subgraph (scripts/stack/startStack.ts): its client over the stack's transport to the stand-in. */
export const wiring: SubgraphWiring = {
  build: (parts) => buildDaycareSubgraph({ ...parts.runtime, client: new DaycareClient({ http: new LegacyHttp(parts.legacyHttp!) }) }),
};
