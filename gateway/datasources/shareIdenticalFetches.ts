import type { Fetcher } from '@apollo/utils.fetcher';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';

interface SharedAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly body: string;
}

type HeadersLike = { get(name: string): string | null } | Record<string, string> | undefined;

/**
 * Identical anonymous subgraph queries in flight at the same moment share one call (the public
 * catalogue under load). Anonymous means without a caller context: only public data, since the
 * gateway refused anything else before planning, and the same for every anonymous caller. Nothing
 * is kept once the call answers, so nothing can go stale; calls with a context and mutations are
 * never shared.
 */
export function sharePublicFetches(fetcher: Fetcher): Fetcher {
  const inFlight = new Map<string, Promise<SharedAnswer>>();
  return (async (url: string, init?: { headers?: HeadersLike; body?: unknown }) => {
    if (headerOf(init?.headers, CALLER_CONTEXT_HEADER) || typeof init?.body !== 'string' || !isQuery(init.body)) return fetcher(url, init as never);
    const key = `${url}\n${init.body}`;
    let shared = inFlight.get(key);
    if (!shared) {
      shared = (async () => {
        const response = await fetcher(url, init as never);
        const headers: [string, string][] = [];
        (response.headers as unknown as Headers).forEach((value, name) => {
          headers.push([name, value]);
        });
        return { status: response.status, statusText: response.statusText, headers, body: await response.text() };
      })();
      inFlight.set(key, shared);
      const forget = () => {
        inFlight.delete(key);
      };
      shared.then(forget, forget);
    }
    const answer = await shared;
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  }) as unknown as Fetcher;
}

function headerOf(headers: HeadersLike, name: string): string | null | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name);
  return (headers as Record<string, string>)[name];
}

/** A query operation (not a mutation or subscription), as the gateway writes subgraph operations. */
function isQuery(body: string): boolean {
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' && /^\s*(query\b|\{)/.test(query);
  } catch {
    return false;
  }
}
