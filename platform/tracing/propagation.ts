import { context, type Context, propagation, ROOT_CONTEXT, type TextMapGetter } from '@opentelemetry/api';

/** The carrier headers travel in: a plain object (axios, fetch init) or a Map of lowercase names (Apollo's HeaderMap). */
export type HeaderCarrier = Record<string, string | string[] | undefined> | ReadonlyMap<string, string>;

const mapGetter: TextMapGetter<ReadonlyMap<string, string>> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key.toLowerCase()),
};

const objectGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const direct = carrier[key] ?? carrier[key.toLowerCase()];
    if (direct !== undefined) return direct;
    const found = Object.keys(carrier).find((name) => name.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : carrier[found];
  },
};

/**
 * The trace context a caller sent (W3C `traceparent` / `tracestate`), on top of an empty context:
 * never of whatever happens to be active in this process, so a service in the one-process stack
 * joins the trace only through the headers it received. Without a registered propagator (tracing
 * off) this is the empty context.
 */
export function extractTraceContext(headers: HeaderCarrier): Context {
  return headers instanceof Map
    ? propagation.extract(ROOT_CONTEXT, headers as ReadonlyMap<string, string>, mapGetter)
    : propagation.extract(ROOT_CONTEXT, headers as Record<string, string | string[] | undefined>, objectGetter);
}

/**
 * A copy of headers with the active (or given) span's W3C trace context added: `traceparent`, and
 * `tracestate` when there is one. Tracing off, or no span: the very same headers (undefined stays
 * undefined), nothing copied.
 */
export function withTraceContext<H extends object | undefined>(headers: H, from: Context = context.active()): H {
  const added: Record<string, string> = {};
  propagation.inject(from, added);
  if (Object.keys(added).length === 0) return headers;
  return { ...(headers ?? {}), ...added } as H;
}
