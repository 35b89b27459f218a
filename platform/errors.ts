import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values clients may switch on. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  LEGACY_UNAVAILABLE: 'LEGACY_UNAVAILABLE',
  LEGACY_TIMEOUT: 'LEGACY_TIMEOUT',
  LEGACY_ERROR: 'LEGACY_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

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
  const code =
    error.kind === 'timeout' ? ErrorCode.LEGACY_TIMEOUT
    : error.kind === 'unavailable' ? ErrorCode.LEGACY_UNAVAILABLE
    : ErrorCode.LEGACY_ERROR;
  const what =
    error.kind === 'timeout' ? 'did not answer in time'
    : error.kind === 'unavailable' ? 'is unavailable'
    : error.kind === 'fault' ? 'reported an error'
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
