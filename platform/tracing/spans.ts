import { type Attributes, type Context, context, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { SPAN_ATTRIBUTES } from './spanAttributes';

/** The instrumentation scope of every span this project makes. */
export const TRACER_NAME = 'citizen-graph';

/**
 * The global API's tracer: a no-op until a provider is registered (platform/tracing/tracingProvider),
 * so with tracing off a span costs one non-recording object and nothing is exported.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

export interface SpanStart {
  readonly kind: SpanKind;
  readonly attributes?: Attributes;
  /** Default: the active context (the caller's span). */
  readonly parent?: Context;
}

/**
 * Runs fn inside a new span, active for everything fn starts, and ends the span when fn settles.
 * A throw marks the span ERROR with error.type only (the error's kind or class name): messages
 * can carry personal data and are never recorded.
 */
export function inSpan<T>(name: string, start: SpanStart, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: start.kind, attributes: start.attributes }, start.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, errorTypeOf(error));
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Status ERROR with a fixed error.type ("timeout", "http_503", "TypeError", ...). */
export function markFailed(span: Span, errorType: string): void {
  if (!span.isRecording()) return;
  span.setAttribute(SPAN_ATTRIBUTES.errorType, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** A failure's kind without its message: LegacyError.kind, else the error's class name. */
export function errorTypeOf(error: unknown): string {
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  if (typeof kind === 'string' && /^[a-z_]{1,40}$/.test(kind)) return kind;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && /^[A-Za-z]{1,60}$/.test(name) ? name : 'error';
}

export { SpanKind };
