import type { ApolloServerPlugin, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { decodeJwt } from 'jose';
import type { Clock } from '../../platform/clock';
import type { SharedRequest } from '../../platform/httpHandler';
import { ACCESS_LOGGED_HEADER } from '../../subgraphs/kit/accessLog';

/**
 * What one request's execution says about itself, for whether its answer may stand for identical
 * requests that arrived while it ran. Filled in by the gateway as the request runs: the context
 * (caller), the operation plugin (kind), and every subgraph answer (access logging).
 */
export class SharingVerdict {
  /** The operation kind once Apollo Server resolved it; unknown means never shared. */
  operation: 'query' | 'mutation' | 'subscription' | undefined;
  /** The verified caller's subject (for the rate limit of the requests that share the answer). */
  subject: string | undefined;
  /** Whether the request carried a verified caller (an anonymous request can only read public data). */
  authenticated = false;
  /** Some subgraph answer wrote access-log entries or did not say it wrote none. */
  logged = false;

  /** Told every subgraph answer's ACCESS_LOGGED_HEADER (null when absent). */
  noteSubgraphAnswer(accessLogged: string | null | undefined): void {
    if (accessLogged !== '0') this.logged = true;
  }

  /** Whether this answer may be handed to an identical request: a query that logged no one's access and answered 200 without errors. */
  allowsSharing(response: HTTPGraphQLResponse): boolean {
    if (this.operation !== 'query') return false;
    if (this.authenticated && this.logged) return false;
    if ((response.status ?? 200) !== 200 || response.body.kind !== 'complete') return false;
    // Errors are never shared (they can name the request); a data value spelling "errors" only makes the check conservative.
    return !response.body.string.includes('"errors"');
  }
}

/** Headers that name one request rather than what it asks: they never make two requests different. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate', 'baggage', 'content-length', 'connection', 'keep-alive', 'x-forwarded-for']);

export interface ShareIdenticalRequestsOptions {
  /** The process's one clock: a waiting request's own token must still be in date when the answer is handed over. */
  readonly clock: Clock;
  /** Puts the leader's verdict where its context and data sources find it (the request scope). */
  readonly attach: (verdict: SharingVerdict) => void;
  /**
   * The rate limit for a request that takes a shared answer (its address, token and subject count as
   * if it had run); throws when it is over. Absent when rate limiting is off.
   */
  readonly admit?: (request: SharedRequest, subject: string | undefined) => Promise<void>;
  /** Told each request that took a shared answer. */
  readonly onShared?: () => void;
}

interface Flight {
  readonly verdict: SharingVerdict;
  readonly response: Promise<HTTPGraphQLResponse>;
}

/**
 * Inbound sharing: identical GraphQL requests in flight at the same moment (the same method, URL,
 * credentials, headers that matter and body) run once; the others wait for that one's answer and
 * get a copy, each with its own x-request-id. Only a query's answer is handed on, only a 200 without
 * errors, and for a signed-in caller only when no subgraph logged anyone's access while answering it
 * (the same rule as the subgraph-level sharing, datasources/shareIdenticalFetches.ts): a citizen's
 * repeated reads of their own data and anonymous reads of public data. Otherwise (a mutation, an
 * error, a logged read, an expired token) each waiting request runs on its own, afterwards. Nothing
 * is kept once the answer is out, so nothing goes stale. Per gateway process.
 */
export function shareIdenticalRequests(options: ShareIdenticalRequestsOptions) {
  const inFlight = new Map<string, Flight>();
  const share = async (request: SharedRequest, execute: () => Promise<HTTPGraphQLResponse>): Promise<HTTPGraphQLResponse> => {
    const key = keyOf(request);
    if (key === undefined) return execute();
    const flight = inFlight.get(key);
    if (!flight) {
      const verdict = new SharingVerdict();
      options.attach(verdict);
      const response = execute();
      inFlight.set(key, { verdict, response });
      const forget = () => {
        inFlight.delete(key);
      };
      response.then(forget, forget);
      return response;
    }
    let answer: HTTPGraphQLResponse;
    try {
      answer = await flight.response;
    } catch {
      return execute();
    }
    if (!flight.verdict.allowsSharing(answer) || !tokenInDate(request.headers.get('authorization'), options.clock)) return execute();
    if (options.admit) {
      try {
        await options.admit(request, flight.verdict.subject);
      } catch {
        // Over its limit: it runs on its own and gets the gateway's usual RATE_LIMITED answer.
        return execute();
      }
    }
    options.onShared?.();
    return copyOf(answer);
  };
  return { share, inFlight: () => inFlight.size };
}

/** Records the resolved operation kind on the request's verdict (the only kind shared is a query). */
export function sharingVerdictPlugin<C extends { sharing?: SharingVerdict }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.sharing) contextValue.sharing.operation = operation?.operation;
        },
      };
    },
  };
}

/** Tells the request's verdict what a subgraph answer said about access logging. */
export function noteSubgraphAnswer(sharing: SharingVerdict | undefined, headers: { get(name: string): string | null } | undefined): void {
  sharing?.noteSubgraphAnswer(headers?.get(ACCESS_LOGGED_HEADER));
}

/** Everything that can change the answer: method, path and query string, every header but the per-request ones, the body. */
function keyOf(request: SharedRequest): string | undefined {
  if (request.method !== 'POST' || request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) return undefined;
  const headers: string[] = [];
  for (const [name, value] of request.headers) if (!PER_REQUEST_HEADERS.has(name)) headers.push(`${name}:${value}`);
  headers.sort();
  return `${request.search}\n${headers.join('\n')}\n${JSON.stringify(request.body)}`;
}

/**
 * The waiting request's own bearer token is still in date by the clock (the leader verified the
 * very same token string moments ago; only its expiry can have changed since). No token: in date.
 */
function tokenInDate(authorization: string | undefined, clock: Clock): boolean {
  if (!authorization) return true;
  const token = authorization.trim().replace(/^Bearer\s+/i, '');
  try {
    const { exp, nbf } = decodeJwt(token);
    const now = clock.now().getTime() / 1000;
    if (typeof exp !== 'number' || now >= exp) return false;
    return typeof nbf !== 'number' || now >= nbf;
  } catch {
    return false;
  }
}

function copyOf(response: HTTPGraphQLResponse): HTTPGraphQLResponse {
  if (response.body.kind !== 'complete') throw new Error('shareIdenticalRequests: only complete answers are shared');
  return { status: response.status, headers: new HeaderMap([...response.headers]), body: { kind: 'complete', string: response.body.string } };
}
