import { LegacyHttp } from '../../platform/legacyHttp';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import type { SubgraphWiring } from '../kit/wiring';
import { buildSelfserviceSubgraph } from './server';

export const wiring: SubgraphWiring = {
  build(parts) {
    // Selfservice's own register client (whether a power of attorney's holder exists), as deployed.
    const cpr = new CprClient({ http: new LegacyHttp(parts.registerHttp) });
    parts.onStop(() => cpr.close());
    const { logger, contextPublicKey, clock, metrics, catalogue } = parts.runtime;
    return buildSelfserviceSubgraph({
      sql: parts.store,
      logger,
      contextPublicKey,
      services: parts.serviceCredentials,
      register: registerLookup(cpr),
      clock,
      metrics,
      catalogue,
    });
  },
};
