import type { Fetcher } from '@apollo/utils.fetcher';
import { withTraceContext } from '../../platform/tracing/propagation';
import { SPAN_ATTRIBUTES } from '../../platform/tracing/spanAttributes';
import { inSpan, markFailed, SpanKind } from '../../platform/tracing/spans';

type FetchInit = { headers?: Record<string, string>; method?: string };

/**
 * One CLIENT span per HTTP call to a subgraph, child of the request's span (Apollo Gateway's
 * gateway.fetch when present), its W3C trace context sent in `traceparent` so the subgraph's
 * server span continues the trace. Inside the sharing of identical anonymous fetches: a shared
 * call is one span, in the trace of the request that made it. Tracing off: the call unchanged.
 */
export function tracedFetcher(subgraph: string, url: string, fetcher: Fetcher, isTimeout: (error: Error) => boolean): Fetcher {
  const target = new URL(url);
  const attributes = {
    [SPAN_ATTRIBUTES.subgraph]: subgraph,
    [SPAN_ATTRIBUTES.httpMethod]: 'POST',
    [SPAN_ATTRIBUTES.serverAddress]: target.hostname,
    [SPAN_ATTRIBUTES.serverPort]: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
  };
  const call = fetcher as unknown as (u: string, i?: FetchInit) => Promise<{ status: number }>;
  return ((fetchUrl: string, init?: FetchInit) =>
    inSpan(`subgraph ${subgraph}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const headers = withTraceContext(init?.headers);
      try {
        const response = await call(fetchUrl, headers === init?.headers ? init : { ...init, headers });
        if (span.isRecording()) {
          span.setAttribute(SPAN_ATTRIBUTES.httpStatus, response.status);
          span.setAttribute(SPAN_ATTRIBUTES.outcome, response.status >= 400 ? `http_${response.status}` : 'success');
          if (response.status >= 400) markFailed(span, String(response.status));
        }
        return response;
      } catch (error) {
        const outcome = error instanceof Error && isTimeout(error) ? 'timeout' : 'unavailable';
        span.setAttribute(SPAN_ATTRIBUTES.outcome, outcome);
        markFailed(span, outcome);
        throw error;
      }
    })) as unknown as Fetcher;
}
