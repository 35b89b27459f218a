import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FreshnessReport } from '../../platform/cache/FreshnessReport';

/** Puts the request's stale-if-error serves in `extensions.staleData`, for the gateway to pass on. */
export function staleDataPlugin<C extends BaseContext & { freshness?: FreshnessReport }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const serves = contextValue.freshness?.list() ?? [];
          if (serves.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, staleData: serves };
        },
      };
    },
  };
}
