import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema, type OperationDefinitionNode, parse } from 'graphql';
import { operationRequirements } from '../../domain/accessDirectives/operationRequirements';
import { readAccessDirectives } from '../../domain/accessDirectives/readAccessDirectives';
import { type AccessRequirement, describeScopes, scopesSatisfied } from '../../domain/accessDirectives/types';
import type { GatewayContext } from '../context';

/** How many refused fields an error message names (extensions.fields has them all). */
const NAMED_IN_MESSAGE = 5;

/**
 * Enforces the supergraph's @authenticated and @requiresScopes before the query is planned (the
 * Node gateway, unlike Apollo Router, does not): an operation selecting any field that needs a
 * caller is refused whole, UNAUTHENTICATED (401) without a token and FORBIDDEN (403) when the
 * token lacks a required scope; extensions.fields lists every field refused. Fields without a
 * directive are public, so a supergraph with none runs without tokens.
 * The supergraph is read once, here: one that uses a directive this cannot enforce fails at start.
 */
export function createAccessDirectivesPlugin(supergraphSdl: string): ApolloServerPlugin<GatewayContext> {
  const directives = readAccessDirectives(parse(supergraphSdl));
  // What an operation asks depends on its text alone: worked out once per parsed operation (Apollo Server
  // hands identical query strings the same cached document) and per schema, not on every request.
  const known = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Map<string, AccessRequirement>>>();
  const requirementsOf = (schema: GraphQLSchema, document: Parameters<typeof operationRequirements>[1], operation: OperationDefinitionNode) => {
    let bySchema = known.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      known.set(schema, bySchema);
    }
    let required = bySchema.get(operation);
    if (!required) {
      required = operationRequirements(schema, document, operation, directives);
      bySchema.set(operation, required);
    }
    return required;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, schema }) {
          if (!operation) return;
          const required = requirementsOf(schema, document, operation);
          if (required.size === 0) return;
          const caller = contextValue.caller;
          if (!caller) {
            const fields = [...required.keys()];
            throw new GraphQLError(
              `Sign in: ${named(fields)} ${fields.length === 1 ? 'needs' : 'need'} an access token (Authorization: Bearer <token>); without one only public fields run.`,
              {
                extensions: { code: ErrorCode.UNAUTHENTICATED, fields, http: { status: 401 } },
              },
            );
          }
          const lacking = [...required].filter(([, requirement]) => !scopesSatisfied(requirement, caller.actor.scopes));
          if (lacking.length === 0) return;
          const fields = lacking.map(([coordinate]) => coordinate);
          throw new GraphQLError(
            `${named(fields)} ${fields.length === 1 ? 'needs' : 'need'} ${scopesOf(lacking.map(([, r]) => r))}, which your access token does not carry.`,
            {
              extensions: { code: ErrorCode.FORBIDDEN, fields, http: { status: 403 } },
            },
          );
        },
      };
    },
  };
}

function named(fields: readonly string[]): string {
  const shown = fields.slice(0, NAMED_IN_MESSAGE).join(', ');
  return fields.length > NAMED_IN_MESSAGE ? `${shown} and ${fields.length - NAMED_IN_MESSAGE} more` : shown;
}

function scopesOf(requirements: readonly AccessRequirement[]): string {
  const described = [...new Set(requirements.map(describeScopes))];
  return `the scope ${described.join('; and ')}`;
}
