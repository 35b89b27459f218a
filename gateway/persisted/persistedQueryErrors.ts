import { ErrorCode } from '../../platform/errors';
import type { GraphQLFormattedError } from 'graphql';

export const PERSISTED_QUERY_HASH_MISMATCH = ErrorCode.PERSISTED_QUERY_HASH_MISMATCH;

/**
 * Apollo Server's two refusals of a malformed persisted-query extension, both HTTP 400 without a
 * code: masked, they would be INTERNAL_SERVER_ERROR and an error line with a stack per request.
 */
const APOLLO_MESSAGES: Readonly<Record<string, GraphQLFormattedError>> = {
  'provided sha does not match query': {
    message:
      'The persisted query hash (extensions.persistedQuery.sha256Hash) is not the SHA-256 of the query sent with it; send the hash of exactly that query text.',
    extensions: { code: PERSISTED_QUERY_HASH_MISMATCH },
  },
  'Unsupported persisted query version': {
    message: 'Only persisted query version 1 is supported (extensions.persistedQuery.version).',
    extensions: { code: ErrorCode.BAD_REQUEST },
  },
};

/**
 * For formatError: a malformed persisted-query extension is the client's mistake, not ours, and
 * gets a code of its own (the status stays Apollo Server's 400). Undefined for any other error.
 */
export function persistedQueryRequestError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return undefined;
  return APOLLO_MESSAGES[formatted.message];
}
