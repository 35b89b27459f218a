import { LegacyHttp } from '../../platform/legacyHttp';
import type { SubgraphWiring } from '../kit/wiring';
import { buildTaxSubgraph } from './server';
import { TaxSoapClient } from './soapClient';

export const wiring: SubgraphWiring = {
  build: (parts) => buildTaxSubgraph({ ...parts.runtime, client: new TaxSoapClient({ http: new LegacyHttp(parts.legacyHttp!) }) }),
};
