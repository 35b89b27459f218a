import { GraphQLError } from 'graphql';

/**
 * Every stable `extensions.code` clients may switch on, and the only place they are spelt:
 * code compares and throws `ErrorCode.X`, never the string. docs/api-errors.md explains each one
 * (test/error-codes.test.ts keeps the two the same).
 */
export const ErrorCode = {
  /** The query text is not GraphQL. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The query does not fit the schema. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** A value in an argument or variable is wrong (named in `extensions.argument`). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The operation asks too much (`extensions.limit`: depth, aliases, tokens, directives, cost). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** `operationName` names none of the document's operations. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** A persisted-query hash the gateway does not know. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** A persisted-query hash that is not the SHA-256 of the query sent with it. */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** A query to be persisted holds a CPR number in its text. */
  PERSISTED_QUERY_PERSONAL_DATA: 'PERSISTED_QUERY_PERSONAL_DATA',
  /** Production: the operation is not on the safelist. */
  PERSISTED_QUERY_NOT_IN_SAFELIST: 'PERSISTED_QUERY_NOT_IN_SAFELIST',
  /** The HTTP request is not a GraphQL request. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** An HTTP method the endpoint does not take. */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** The request body is too large. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Too many requests in the window (`extensions.retryAfterSeconds`). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** No valid access token where one is needed. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Not allowed for this caller (`extensions.reason` where there are several ways). */
  FORBIDDEN: 'FORBIDDEN',
  /** The thing named does not exist, or is not the caller's to see. */
  NOT_FOUND: 'NOT_FOUND',
  /** The change does not fit the current state. */
  CONFLICT: 'CONFLICT',
  /** An idempotency key reused with a different input. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A counter filing of a mandatory-digital service for a citizen without an exemption. */
  DIGITAL_SELF_SERVICE_REQUIRED: 'DIGITAL_SELF_SERVICE_REQUIRED',
  /** The access log could not be written first, so no data (fail closed). */
  ACCESS_LOG_UNAVAILABLE: 'ACCESS_LOG_UNAVAILABLE',
  /** A legacy system is down or its circuit is open (`extensions.legacySystem`). */
  LEGACY_UNAVAILABLE: 'LEGACY_UNAVAILABLE',
  /** A legacy system did not answer in time. */
  LEGACY_TIMEOUT: 'LEGACY_TIMEOUT',
  /** A legacy system refused this request or answered what could not be read. */
  LEGACY_ERROR: 'LEGACY_ERROR',
  /** A subgraph is down or refused the call (`extensions.subgraph`). */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A subgraph did not answer in time. */
  SUBGRAPH_TIMEOUT: 'SUBGRAPH_TIMEOUT',
  /** A check the answer depends on could not be made just now; retry. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** Something failed that should not have (`extensions.errorId`, `extensions.requestId`). */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What went wrong with a legacy system, from the caller's point of view. */
export type LegacyFailureKind =
  /** No answer in time. */
  | 'timeout'
  /** Refused, unreachable or answered "unavailable" (HTTP 5xx, connection refused, circuit open). */
  | 'unavailable'
  /** Answered with its own error (a SOAP fault, an error record) for this request. */
  | 'fault'
  /** Answered something we could not read. */
  | 'bad-response';

/** A failure of one legacy system; resolvers turn it into a GraphQLError naming the system. */
export class LegacyError extends Error {
  constructor(
    readonly system: string,
    readonly kind: LegacyFailureKind,
    readonly detail: string,
    readonly upstreamStatus?: number,
  ) {
    super(`${system} legacy system: ${kind}: ${detail}`);
    this.name = 'LegacyError';
  }
}

/** The client-facing form of a legacy failure: stable code, which system, what happened. */
export function legacyGraphQLError(error: LegacyError): GraphQLError {
  const code = error.kind === 'timeout' ? ErrorCode.LEGACY_TIMEOUT : error.kind === 'unavailable' ? ErrorCode.LEGACY_UNAVAILABLE : ErrorCode.LEGACY_ERROR;
  const what =
    error.kind === 'timeout'
      ? 'did not answer in time'
      : error.kind === 'unavailable'
        ? 'is unavailable'
        : error.kind === 'fault'
          ? 'reported an error'
          : 'sent an answer we could not read';
  return new GraphQLError(`The ${error.system} system ${what}; other data in this response is unaffected.`, {
    extensions: {
      code,
      legacySystem: error.system,
      reason: error.kind,
      ...(error.upstreamStatus ? { upstreamStatus: error.upstreamStatus } : {}),
    },
  });
}

/** Any thrown value as a client-safe GraphQLError (unknown errors are masked by the server). */
export function toGraphQLError(error: unknown): GraphQLError | Error {
  if (error instanceof GraphQLError) return error;
  if (error instanceof LegacyError) return legacyGraphQLError(error);
  return error instanceof Error ? error : new Error(String(error));
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });
}

/** The message of anything thrown, for logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
