import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type GraphQLFormattedError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { DOCUMENTED_LIST_SIZES, listSizesIn, type ListSize } from '../limits/listSizes';
import { operationCost } from '../limits/operationCost';
import { fragmentsOf, selectionDepth } from '../limits/selectionDepth';

/** Limits on one operation's shape, so no single request can make the graph do unbounded work. Introspection counts like data. */
export interface OperationLimits {
  /** Deepest selection nesting (`citizen { name { full } }` is 3); fragments add no level. */
  readonly maxDepth: number;
  /** Deepest nesting through `__schema` / `__type`; the standard introspection query needs STANDARD_INTROSPECTION_DEPTH. */
  readonly maxIntrospectionDepth: number;
  /** Aliased fields per operation (alias bombs ask one expensive field many times), `__typename` included. */
  readonly maxAliases: number;
  /** Lexical tokens in the document, checked while parsing. */
  readonly maxTokens: number;
  /** Directives per operation. */
  readonly maxDirectives: number;
  /** Largest operationCost: about the number of values the answer can hold (pages at the size asked, lists at assumedListSize). */
  readonly maxCost: number;
  /** Length the cost model assumes for a list no argument bounds. */
  readonly assumedListSize: number;
  /** Validation errors reported for one document; one more says the rest were cut. */
  readonly maxValidationErrors: number;
  /** Replace "Did you mean ...?" in validation errors, so the schema cannot be guessed field by field. */
  readonly hideFieldSuggestions: boolean;
}

/** The code every limit rejection carries; `extensions.limit` says which limit. */
export const QUERY_TOO_COMPLEX = ErrorCode.QUERY_TOO_COMPLEX;
export type OperationLimitName = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

/**
 * Operation limits for Apollo Server: validation rules for depth (ours, on the flattened selection,
 * introspection included; graphql-js's own rule caps introspection lists nested in each other), aliases and
 * directives (graphql-armor), graphql-js's parse-time token limit (armor's token plugin throws out
 * of parsingDidStart, which Apollo Server 5 answers with a 500), the cost once the variables are
 * known (a plugin: page sizes may be variables), armor's suggestion masking, and graphql-js's cap
 * on validation errors. Rejections are QUERY_TOO_COMPLEX (see `withQueryLimitCode`).
 * Prices pages by the documented list sizes that this supergraph has (limits.test.ts keeps them
 * complete for ours); any other list at the assumed list size.
 */
export function operationLimits(
  limits: OperationLimits,
  supergraphSdl: string,
  listSizes: Readonly<Record<string, ListSize>> = DOCUMENTED_LIST_SIZES,
): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: ParseOptions;
  validationOptions: { maxErrors: number };
} {
  const sizes = listSizesIn(supergraphSdl, listSizes);
  const reject =
    (limit: OperationLimitName): GraphQLArmorRejectCallback =>
    (context, error) => {
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } }));
    };
  const own = (limit: OperationLimitName) => ({ exposeLimits: true, propagateOnRejection: false, onReject: [reject(limit)] });
  const protection = new ApolloArmor({
    maxDepth: { enabled: false },
    maxAliases: { n: limits.maxAliases, allowList: [], ...own('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...own('directives') },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideFieldSuggestions },
  }).protect();
  const depthRule: ValidationRule = (context) => ({
    OperationDefinition(operation) {
      const depth = selectionDepth(operation, fragmentsOf(context.getDocument().definitions));
      if (depth.data > limits.maxDepth) limitReached(context, 'depth', `Query depth limit of ${limits.maxDepth} exceeded, found ${depth.data}.`);
      if (depth.introspection > limits.maxIntrospectionDepth)
        limitReached(context, 'depth', `Introspection depth limit of ${limits.maxIntrospectionDepth} exceeded, found ${depth.introspection}.`);
    },
  });
  const costPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = Math.ceil(
            operationCost(schema, operation, fragmentsOf(document.definitions), request.variables ?? {}, {
              listSizes: sizes,
              assumedListSize: limits.assumedListSize,
            }),
          );
          if (cost <= limits.maxCost) return;
          throw new GraphQLError(
            `Query cost limit of ${limits.maxCost} exceeded, found ${cost}: ask for smaller pages (first) or fewer lists in one operation.`,
            {
              extensions: { code: QUERY_TOO_COMPLEX, limit: 'cost', http: { status: 400 } },
            },
          );
        },
      };
    },
  };
  return {
    validationRules: [...protection.validationRules, depthRule],
    plugins: [...protection.plugins, costPlugin],
    parseOptions: { maxTokens: limits.maxTokens },
    validationOptions: { maxErrors: limits.maxValidationErrors },
  };
}

// graphql-js 16 writes "more that"; accept the spelling it may be corrected to.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;
/** graphql-js's MaxIntrospectionDepthRule (one of its specified rules): `fields` within `fields` within `fields`. */
const INTROSPECTION_NESTING_MESSAGE = 'Maximum introspection depth exceeded';

/**
 * For formatError: Apollo reports a limit as a validation or parse error; clients get one
 * stable code for "this operation asks too much", and the limit that was hit.
 */
export function withQueryLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const limit = formatted.extensions?.limit;
  if (typeof limit === 'string' && formatted.extensions?.code === ErrorCode.GRAPHQL_VALIDATION_FAILED) {
    return { ...formatted, extensions: { ...formatted.extensions, code: QUERY_TOO_COMPLEX } };
  }
  if (formatted.message === INTROSPECTION_NESTING_MESSAGE && formatted.extensions?.code === ErrorCode.GRAPHQL_VALIDATION_FAILED) {
    return { ...formatted, extensions: { ...formatted.extensions, code: QUERY_TOO_COMPLEX, limit: 'depth' } };
  }
  const tokens = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
  if (tokens && formatted.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED) {
    return { message: `Token limit of ${tokens[1]} exceeded.`, extensions: { code: QUERY_TOO_COMPLEX, limit: 'tokens' } };
  }
  return formatted;
}

function limitReached(context: ValidationContext, limit: OperationLimitName, message: string): void {
  context.reportError(new GraphQLError(message, { extensions: { limit } }));
}
