import { CPR_SHAPED } from '../cprNumber';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SPAN_ATTRIBUTES, traceableOperationName } from './spanAttributes';

/** Six digits, an optional dash, four digits, not inside a longer run: how a CPR number looks in any text. */
export { CPR_SHAPED };
const CPR_SHAPED_ALL = new RegExp(CPR_SHAPED.source, 'g');
export const REDACTED = '[redacted]';

/** Attributes no span may carry out of the process (Apollo Gateway writes the document when configured to). */
const DROPPED = new Set(['graphql.document']);
/** Operation names a client chose, as other libraries record them: folded like ours. */
const OPERATION_NAMES = new Set([SPAN_ATTRIBUTES.graphqlOperationName, 'operationName']);

/**
 * The last gate before spans leave the process. Our own spans carry only fixed names, kinds and
 * counts; other instrumentation in the process (Apollo Gateway's spans, with the client's raw
 * operation name) may not: operation names are folded, the GraphQL document dropped, and any
 * CPR-shaped text in a span name, attribute or event attribute replaced by "[redacted]".
 */
export function personalDataGuard(exporter: SpanExporter): SpanExporter {
  return {
    export: (spans, done) => exporter.export(spans.map(guarded), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: exporter.forceFlush ? () => exporter.forceFlush!() : undefined,
  };
}

function guarded(span: ReadableSpan): ReadableSpan {
  return {
    name: redacted(span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status.message ? { code: span.status.code } : span.status,
    attributes: guardedAttributes(span.attributes),
    links: span.links.map((link) => ({ ...link, attributes: link.attributes && guardedAttributes(link.attributes) })),
    events: span.events.map((event) => ({ ...event, name: redacted(event.name), attributes: event.attributes && guardedAttributes(event.attributes) })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

export function guardedAttributes(attributes: Attributes): Attributes {
  const safe: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED.has(key) || value === undefined) continue;
    safe[key] = OPERATION_NAMES.has(key) && typeof value === 'string' ? traceableOperationName(value) : guardedValue(value);
  }
  return safe;
}

function guardedValue(value: AttributeValue): AttributeValue {
  if (typeof value === 'string') return redacted(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? redacted(item) : item)) as AttributeValue;
  return value;
}

function redacted(text: string): string {
  return CPR_SHAPED.test(text) ? text.replace(CPR_SHAPED_ALL, REDACTED) : text;
}
