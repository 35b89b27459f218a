import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, type DocumentNode, Kind, visit } from 'graphql';
import { unauthenticated } from '../caller/authorize';
import { operationRequirements } from './operationRequirements';
import { readAccessDirectives } from './readAccessDirectives';
import { SIGNED_IN } from './types';

/** A subgraph's request context that may come without a caller context. */
export interface MaybeAnonymousContext extends BaseContext {
  /** True when the call carried no caller context at all. */
  readonly anonymous?: boolean;
}

/**
 * For a subgraph that answers calls without a caller context (selfservice, for the public
 * catalogue): such a call may run a query whose every field is public by the subgraph's own SDL
 * (no @authenticated or @requiresScopes on the field, its type or the type it returns). The
 * federation entry points (_entities, _service), introspection and mutations always need a
 * caller. Anything else is UNAUTHENTICATED (401), as every call without a context used to be.
 */
export function anonymousCallerPlugin<C extends MaybeAnonymousContext>(typeDefs: DocumentNode): ApolloServerPlugin<C> {
  const own = readAccessDirectives(typeDefs);
  const directives = {
    types: own.types,
    fields: new Map([...own.fields, ['Query._entities', SIGNED_IN], ['Query._service', SIGNED_IN]]),
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, schema }) {
          if (!contextValue.anonymous) return;
          if (operation?.operation !== 'query' || selectsIntrospection(document)) throw unauthenticated();
          const required = operationRequirements(schema, document, operation, directives);
          if (required.size > 0) throw unauthenticated(`A valid caller context signed by the gateway is required for ${[...required.keys()].join(', ')}.`);
        },
      };
    },
  };
}

function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}
