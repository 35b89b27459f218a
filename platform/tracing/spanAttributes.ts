import {
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';

/**
 * Every attribute name our spans use. Values are fixed names, kinds, counts and status codes only:
 * never a URL path or query string (legacy paths carry CPR numbers), a GraphQL document, a
 * variable, an error message or a token.
 */
export const SPAN_ATTRIBUTES = {
  httpMethod: ATTR_HTTP_REQUEST_METHOD,
  httpStatus: ATTR_HTTP_RESPONSE_STATUS_CODE,
  httpRoute: ATTR_HTTP_ROUTE,
  resendCount: ATTR_HTTP_REQUEST_RESEND_COUNT,
  serverAddress: ATTR_SERVER_ADDRESS,
  serverPort: ATTR_SERVER_PORT,
  errorType: ATTR_ERROR_TYPE,
  dbSystem: ATTR_DB_SYSTEM_NAME,
  dbOperation: ATTR_DB_OPERATION_NAME,
  /** A statement's tag (`claimsByCpr` of `/* benefits:claimsByCpr *\/`), never its text. */
  dbQuerySummary: 'db.query.summary',
  // Development-status GraphQL conventions (not in the stable semantic-conventions entry point).
  graphqlOperationName: 'graphql.operation.name',
  graphqlOperationType: 'graphql.operation.type',
  // Ours.
  /** The service that made the span: gateway, citizen, tax, ... (all share one process in the local stack). */
  service: 'citizen_graph.service',
  /** The subgraph a gateway fetch went to. */
  subgraph: 'citizen_graph.subgraph',
  /** The legacy system called: cpr, tax, housing, benefits, ... */
  legacySystem: 'citizen_graph.legacy.system',
  /** read (may be retried) or write (sent once). */
  legacyCallKind: 'citizen_graph.legacy.call_kind',
  /** success, error (the system answered with a failure), or the failure kind: unavailable, timeout, ... */
  outcome: 'citizen_graph.outcome',
  /** The distinct GraphQL error codes of a response (extensions.code), never messages. */
  graphqlErrorCodes: 'citizen_graph.graphql.error_codes',
} as const;

/**
 * A GraphQL operation name as it may appear on a span: the client chooses it, so "anonymous"
 * without one and "other" for one that is not a plain identifier of at most 64 characters or holds
 * a run of four digits (a CPR number, a date): the same shape rule as the metrics labels.
 */
export function traceableOperationName(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) && !/\d{4,}/.test(name) ? name : 'other';
}
