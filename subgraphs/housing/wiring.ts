import { LegacyHttp } from '../../platform/legacyHttp';
import type { SubgraphWiring } from '../kit/wiring';
import { HousingClient } from './housingClient';
import { buildHousingSubgraph } from './server';

export const wiring: SubgraphWiring = {
  build: (parts) => buildHousingSubgraph({ ...parts.runtime, client: new HousingClient({ http: new LegacyHttp(parts.legacyHttp!) }) }),
};
