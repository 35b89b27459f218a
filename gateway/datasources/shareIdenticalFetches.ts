import type { Fetcher } from '@apollo/utils.fetcher';
import type { CallerContext } from '../../domain/caller';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';
import { ACCESS_LOGGED_HEADER } from '../../subgraphs/kit/accessLog';
import { FetchedAnswer } from './requestFetcher';

interface SharedAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly body: string;
}

type HeadersLike = { get(name: string): string | null } | Record<string, string> | undefined;

/** Who may share a call: anyone anonymous (public data), or one citizen reading their own data. */
type Sharing = { readonly key: string; readonly selfRead: boolean };

/**
 * Identical subgraph queries in flight at the same moment share one call. Nothing is kept once the
 * call answers, so nothing can go stale; mutations are never shared. Two kinds of call are shared:
 *
 * - Anonymous (no caller context): only public data, since the gateway refused anything else
 *   before planning, and the same for every anonymous caller (the public catalogue under load).
 * - One citizen reading their own data: the signed context says a citizen acting for no one
 *   (no acting-for, so the subject is the actor), for a query. Shared only with calls whose context
 *   is the same in everything but the request id and instant (the same citizen, name, permissions,
 *   channel, municipality and Danish date) to the same subgraph with the same query and variables.
 *   The subgraph sees the first call's context; the others get the same answer. A citizen's own
 *   reads are not access-logged, so nothing is lost from anyone's log; and if the answer says the
 *   subgraph did log someone's access (a holder reading a grantor's name, logged in the grantor's
 *   log) or does not say (ACCESS_LOGGED_HEADER absent), the other calls make their own, each logged.
 *
 * Delegates, custodians, caseworkers, analysts and the gateway's system identity are never shared:
 * every one of their reads reaches the subgraph and its access log.
 */
export function shareIdenticalFetches(fetcher: Fetcher): Fetcher {
  const inFlight = new Map<string, Promise<SharedAnswer>>();
  return (async (url: string, init?: { headers?: HeadersLike; body?: unknown }) => {
    const sharing = sharingOf(url, init);
    if (!sharing) return fetcher(url, init as never);
    const joined = inFlight.get(sharing.key);
    if (!joined) {
      const shared = answerOf(fetcher, url, init);
      inFlight.set(sharing.key, shared);
      const forget = () => {
        inFlight.delete(sharing.key);
      };
      shared.then(forget, forget);
      return responseOf(await shared);
    }
    const answer = await joined;
    // Only an answer that logged no one's access stands for another request's read.
    if (sharing.selfRead && headerIn(answer, ACCESS_LOGGED_HEADER) !== '0') return fetcher(url, init as never);
    return responseOf(answer);
  }) as unknown as Fetcher;
}

async function answerOf(fetcher: Fetcher, url: string, init: unknown): Promise<SharedAnswer> {
  const response = await fetcher(url, init as never);
  const headers: [string, string][] = [];
  (response.headers as unknown as Headers).forEach((value, name) => {
    headers.push([name, value]);
  });
  return { status: response.status, statusText: response.statusText, headers, body: await response.text() };
}

function responseOf(answer: SharedAnswer): FetchedAnswer {
  return new FetchedAnswer(answer.status, Object.fromEntries(answer.headers), answer.body);
}

function headerIn(answer: SharedAnswer, name: string): string | undefined {
  return answer.headers.find(([header]) => header.toLowerCase() === name)?.[1];
}

/** The sharing key of a call that may be shared, undefined for one that must be made on its own. */
function sharingOf(url: string, init: { headers?: HeadersLike; body?: unknown } | undefined): Sharing | undefined {
  if (typeof init?.body !== 'string') return undefined;
  const context = headerOf(init.headers, CALLER_CONTEXT_HEADER);
  // Anonymous: the body says whether it is a query. With a context, its signed operation kind says so, and the body is not parsed.
  if (!context) return isQuery(init.body) ? { key: `${url}\n${init.body}`, selfRead: false } : undefined;
  const self = selfReadOf(context);
  return self === undefined ? undefined : { key: `${url}\n${init.body}\n${self}`, selfRead: true };
}

/**
 * For a context the gateway signed for a citizen reading their own data with a query: the context
 * without what differs per request (request id, instant), with its audience. Undefined for anyone else.
 * The gateway signed this context itself a moment ago, so its payload is read, not verified again.
 */
function selfReadOf(token: string): string | undefined {
  let payload: { ctx?: CallerContext; op?: unknown; aud?: unknown };
  try {
    payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const ctx = payload?.ctx;
  if (payload.op !== 'query' || !ctx || typeof ctx !== 'object') return undefined;
  const { actor } = ctx;
  const ownData = actor?.kind === 'citizen' && typeof actor.cpr === 'string' && actor.cpr.length > 0 && ctx.actingFor === undefined;
  if (!ownData || ctx.channel !== 'DIGITAL_SELF_SERVICE' || ctx.citizenMunicipalities !== undefined || ctx.purpose !== undefined) return undefined;
  if (typeof ctx.today !== 'string') return undefined;
  const { requestId: _requestId, at: _at, ...sameForEveryRequest } = ctx;
  return JSON.stringify([payload.aud, payload.op, sameForEveryRequest]);
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
