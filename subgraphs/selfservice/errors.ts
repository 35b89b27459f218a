import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import { toGraphQLError } from '../../platform/errors';

/** The request contradicts the record's current state (already revoked, already expired). */
export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extra } });
}

/** Runs a resolver so database failures reach the client as LEGACY_* errors naming "selfservice". */
export function guarded<A extends unknown[], R>(resolve: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await resolve(...args);
    } catch (error) {
      throw toGraphQLError(error);
    }
  };
}
