/**
 * OpenTelemetry tracing (docs/operations.md, Tracing): off unless an OTLP endpoint is configured.
 * Explicit spans only, no auto-instrumentation: a server span per GraphQL request, a client span
 * per subgraph fetch and per legacy call (HTTP or SQL), W3C trace context in the HTTP headers.
 */
export * from './graphqlSpanPlugin';
export * from './personalDataGuard';
export * from './propagation';
export * from './serverSpan';
export * from './spanAttributes';
export * from './spans';
export * from './sqlSpans';
export * from './tracingFromEnv';
export * from './tracingProvider';
