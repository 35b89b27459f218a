import type { ApolloServerPlugin } from '@apollo/server';
import { CASELOAD_RESIDENCES_EXTENSION } from '../../domain/caller';
import type { CitizenContext } from './context';

/**
 * Puts, for a caseworker's request, the municipality of each citizen this subgraph served them
 * under the caseload rule in `extensions.caseloadResidences` (CPR number -> code): the gateway
 * signs them into the same request's calls to subgraphs without the register, instead of asking
 * the register again (gateway/identity/caseloadResidences.ts). The gateway does not pass subgraph
 * extensions on to its client; no one else calls this subgraph with a caseworker's context.
 */
export function caseloadResidencesPlugin(): ApolloServerPlugin<CitizenContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const served = contextValue.caseloadResidences;
          if (!served || served.size === 0 || contextValue.caller.actor.kind !== 'caseworker' || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, [CASELOAD_RESIDENCES_EXTENSION]: Object.fromEntries(served) };
        },
      };
    },
  };
}
