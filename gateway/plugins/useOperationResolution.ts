import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * A document whose operation cannot be chosen (operationName names none of its operations, or is
 * missing among several) is the client's mistake: OPERATION_RESOLUTION_FAILURE, HTTP 400, as
 * Apollo Server answers without a gateway. Refused once the document is resolved, because the
 * gateway's executor would otherwise fail on the missing operation with a 500.
 */
export function createOperationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
        },
      };
    },
  };
}
