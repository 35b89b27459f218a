import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Tells the client, in `extensions.staleData`, which legacy data was served stale and how old it is. */
export function createStaleDataPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.staleData.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, staleData: contextValue.staleData };
        },
      };
    },
  };
}
