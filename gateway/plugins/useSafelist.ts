import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Safelist } from '../persisted/Safelist';

export const PERSISTED_QUERY_NOT_IN_SAFELIST = ErrorCode.PERSISTED_QUERY_NOT_IN_SAFELIST;

/**
 * Safelist mode: only operations registered with `npm run safelist` run; any other document
 * (sent as text, or registered as an automatic persisted query) is refused with HTTP 400.
 * Checked once the operation is resolved: Apollo Server 5 turns errors thrown from earlier
 * hooks into a 500.
 */
export function createSafelistPlugin(safelist: Safelist): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (safelist.has(queryHash)) return;
          throw new GraphQLError('This operation is not registered with the gateway; only safelisted operations run here (npm run safelist).', {
            extensions: { code: PERSISTED_QUERY_NOT_IN_SAFELIST, http: { status: 400 } },
          });
        },
      };
    },
  };
}
