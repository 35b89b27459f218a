import { ErrorCode } from './errors';
import type { GraphQLFormattedError } from 'graphql';
import { LegacyError, legacyGraphQLError } from './errors';
import type { Logger } from './logger';

/** Codes whose messages are written for clients; anything else is masked. */
const CLIENT_SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'LEGACY_UNAVAILABLE',
  'LEGACY_TIMEOUT',
  'LEGACY_ERROR',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'DIGITAL_SELF_SERVICE_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'CONFLICT',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'ACCESS_LOG_UNAVAILABLE',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_IN_SAFELIST',
  'PERSISTED_QUERY_PERSONAL_DATA',
  'PERSISTED_QUERY_HASH_MISMATCH',
]);

/**
 * Apollo's formatError: client-safe errors pass through (without stack traces); anything
 * else becomes "Internal server error" with an error id and the request id, and the real error is logged.
 */
export function createFormatError(logger: Logger, requestIdOf: () => string | undefined = () => undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    if (typeof code === 'string' && CLIENT_SAFE_CODES.has(code)) return { ...formatted, extensions };
    const cause = (error as { originalError?: unknown })?.originalError;
    // A back-end failure no resolver translated still tells the client which system failed and how.
    if (cause instanceof LegacyError) {
      const translated = legacyGraphQLError(cause);
      return { message: translated.message, path: formatted.path, locations: formatted.locations, extensions: translated.extensions };
    }
    const errorId = Math.random().toString(36).slice(2, 10);
    const requestId = requestIdOf();
    // A subgraph's error reaches the gateway as plain JSON under originalError: log the GraphQLError made of it then.
    const wrapped = (error as { originalError?: unknown })?.originalError;
    const original = wrapped instanceof Error || !(error instanceof Error) ? (wrapped ?? error) : error;
    logger.error('masked internal error', {
      errorId,
      requestId,
      message: original instanceof Error ? original.message : String(original),
      stack: original instanceof Error ? original.stack : undefined,
      path: formatted.path,
    });
    return {
      message: `Internal server error (error id ${errorId}).`,
      path: formatted.path,
      locations: formatted.locations,
      // Both ids let support find the logged cause from what the client shows them.
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId, ...(requestId ? { requestId } : {}) },
    };
  };
}
