import type { SubgraphWiring } from '../kit/wiring';
import { buildBenefitsSubgraph } from './server';

export const wiring: SubgraphWiring = {
  build: (parts) => buildBenefitsSubgraph({ ...parts.runtime, sql: parts.legacySql! }),
};
