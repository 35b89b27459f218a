import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unauthenticated } from './authorize';
import type { OperationKind } from './types';

/** A request context that knows which operation kind its caller context was minted for. */
export interface BoundContext extends BaseContext {
  readonly callerOperation?: OperationKind;
}

/**
 * Refuses a mutation carried by a context the gateway minted for a query: a context captured
 * from read traffic cannot change anyone's data. Every subgraph server runs it.
 */
export function contextBindingPlugin<C extends BoundContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation?.operation === 'mutation' && contextValue.callerOperation !== 'mutation') {
            throw unauthenticated('The caller context was minted for a query, not a mutation.');
          }
        },
      };
    },
  };
}
