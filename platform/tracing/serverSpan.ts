import { type Context, context, createContextKey, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { extractTraceContext, type HeaderCarrier } from './propagation';
import { SPAN_ATTRIBUTES } from './spanAttributes';
import { inSpan } from './spans';

/** How a service traces the GraphQL requests it receives. */
export interface ServerTracing {
  /** The service's name, put on its server spans: gateway, citizen, tax, ... */
  readonly service: string;
  /**
   * Continue the caller's trace from its `traceparent` header. Subgraphs do (the gateway calls
   * them); the gateway, at the public edge, does not: a client neither picks trace ids nor forces
   * sampling, and every request starts a trace of its own.
   */
  readonly continueCallerTrace: boolean;
}

const SERVER_SPAN = createContextKey('citizen-graph server span');

/** The server span of the request being handled, for the GraphQL plugin to name; undefined outside one. */
export function currentServerSpan(from: Context = context.active()): Span | undefined {
  return from.getValue(SERVER_SPAN) as Span | undefined;
}

/**
 * One SERVER span around a GraphQL request (`POST /graphql` until the operation is known), its
 * HTTP status recorded, 5xx marked ERROR. fn runs with the span active, so every span the
 * request makes (subgraph fetches, legacy calls) is its descendant.
 */
export function traceServerRequest<R extends { readonly status?: number }>(
  tracing: ServerTracing,
  method: string,
  headers: HeaderCarrier,
  fn: () => Promise<R>,
): Promise<R> {
  const parent = tracing.continueCallerTrace ? extractTraceContext(headers) : ROOT_CONTEXT;
  return inSpan(
    `${method} /graphql`,
    {
      kind: SpanKind.SERVER,
      parent,
      attributes: { [SPAN_ATTRIBUTES.service]: tracing.service, [SPAN_ATTRIBUTES.httpMethod]: method, [SPAN_ATTRIBUTES.httpRoute]: '/graphql' },
    },
    (span) =>
      context.with(context.active().setValue(SERVER_SPAN, span), async () => {
        const response = await fn();
        if (span.isRecording()) {
          const status = response.status ?? 200;
          span.setAttribute(SPAN_ATTRIBUTES.httpStatus, status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return response;
      }),
  );
}
