import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context';

/**
 * Without a bearer token only schema introspection runs (the explorer needs it); anything that
 * would reach a subgraph is refused here with UNAUTHENTICATED, once, instead of once per subgraph.
 */
export function createRequireIdentityPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.caller || !operation) return;
          if (operation.operation === 'query' && onlyIntrospection(operation.selectionSet)) return;
          throw new GraphQLError('Sign in: this operation needs an access token (Authorization: Bearer <token>).', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        },
      };
    },
  };
}

function onlyIntrospection(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__'));
}
