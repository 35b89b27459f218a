import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type GraphQLFormattedError, type ParseOptions, type ValidationRule } from 'graphql';

/** Limits on one operation's shape, so no single request can make the graph do unbounded work. */
export interface OperationLimits {
  /** Deepest selection nesting (`citizen { name { full } }` is 3). */
  readonly maxDepth: number;
  /** Aliased fields per operation (alias bombs ask one expensive field many times). */
  readonly maxAliases: number;
  /** Lexical tokens in the document, checked while parsing. */
  readonly maxTokens: number;
  /** Directives per operation. */
  readonly maxDirectives: number;
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  readonly maxCost: number;
  /** Replace "Did you mean ...?" in validation errors, so the schema cannot be guessed field by field. */
  readonly hideFieldSuggestions: boolean;
}

/** The code every limit rejection carries; `extensions.limit` says which limit. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export type OperationLimitName = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

/**
 * Operation limits for Apollo Server: graphql-armor's validation rules for depth, aliases,
 * directives and cost, graphql-js's own parse-time token limit (armor's token plugin throws
 * out of parsingDidStart, which Apollo Server 5 answers with a 500), and armor's suggestion
 * masking. Rejections are HTTP 400 with code QUERY_TOO_COMPLEX (see `withQueryLimitCode`).
 */
export function operationLimits(limits: OperationLimits): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[]; parseOptions: ParseOptions } {
  const reject = (limit: OperationLimitName): GraphQLArmorRejectCallback => (context, error) => {
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } }));
  };
  const own = (limit: OperationLimitName) => ({ exposeLimits: true, propagateOnRejection: false, onReject: [reject(limit)] });
  const protection = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...own('depth') },
    maxAliases: { n: limits.maxAliases, ...own('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...own('directives') },
    costLimit: { maxCost: limits.maxCost, ...own('cost') },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideFieldSuggestions },
  }).protect();
  return { validationRules: protection.validationRules, plugins: protection.plugins, parseOptions: { maxTokens: limits.maxTokens } };
}

// graphql-js 16 writes "more that"; accept the spelling it may be corrected to.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;

/**
 * For formatError: Apollo reports a limit as a validation or parse error; clients get one
 * stable code for "this operation asks too much", and the limit that was hit.
 */
export function withQueryLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const limit = formatted.extensions?.limit;
  if (typeof limit === 'string' && formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') {
    return { ...formatted, extensions: { ...formatted.extensions, code: QUERY_TOO_COMPLEX } };
  }
  const tokens = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
  if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    return { message: `Token limit of ${tokens[1]} exceeded.`, extensions: { code: QUERY_TOO_COMPLEX, limit: 'tokens' } };
  }
  return formatted;
}
