import { ErrorCode } from '../../platform/errors';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { Dispatcher } from 'undici';
import type { StaleServe } from '../../platform/cache/FreshnessReport';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';
import type { SubgraphFetchMetrics } from '../../platform/metrics/SubgraphFetchMetrics';
import { noteSubgraphAnswer } from '../inbound/shareIdenticalRequests';
import { requestFetcher } from './requestFetcher';
import { shareIdenticalFetches } from './shareIdenticalFetches';
import { tracedFetcher } from './tracedFetcher';
import type { GatewayContext } from '../context';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  /** Per-subgraph request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** The gateway's one HTTP client for subgraphs (undici, keep-alive, bounded pool per origin, TLS settings). */
  readonly dispatcher: Dispatcher;
  /** Told every call's latency and outcome (the gateway's /metrics). */
  readonly metrics?: SubgraphFetchMetrics;
}

/**
 * How the gateway calls one subgraph: keep-alive sockets, a timeout, the request id passed
 * on, identical anonymous queries and a citizen's identical reads of their own data in flight
 * shared (shareIdenticalFetches.ts), and a failed subgraph reported as
 * SUBGRAPH_UNAVAILABLE / SUBGRAPH_TIMEOUT naming it, never with its internal URL.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraphName: string;

  constructor(options: SubgraphDataSourceOptions) {
    const measured = measuredFetcher(options.name, requestFetcher(options.dispatcher, options.timeoutMs), options.metrics);
    super({ url: options.url, fetcher: shareIdenticalFetches(tracedFetcher(options.name, options.url, measured, isTimeout)) });
    this.subgraphName = options.name;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    const ctx = context as Partial<GatewayContext> | undefined;
    if (ctx?.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (!ctx?.contextFor) return;
    // Bound to the client operation's kind: the entity fetches after a mutation run under the mutation's context.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext.operation?.operation : undefined;
    const operation = incoming === 'mutation' ? 'mutation' : 'query';
    request.http?.headers.set(CALLER_CONTEXT_HEADER, await ctx.contextFor(this.subgraphName, operation, citizensOf(request.variables)));
  }

  override async didReceiveResponse({ response, context }: { response: GatewayGraphQLResponse; context: GatewayContext }): Promise<GatewayGraphQLResponse> {
    const stale = response.extensions?.staleData;
    if (Array.isArray(stale) && Array.isArray(context?.staleData)) context.staleData.push(...(stale as StaleServe[]));
    // Named by this data source, not the answer: the context trusts caseload residences only from the citizen subgraph.
    context?.subgraphAnswered?.(this.subgraphName, response.extensions);
    // Whether the request's answer may stand for identical requests: only if no subgraph logged anyone's access.
    noteSubgraphAnswer(context?.sharing, response.http?.headers);
    return response;
  }

  override didEncounterError(error: Error): never {
    // Apollo's HTTP-error GraphQLError carries the subgraph's URL and raw body under extensions.response: never pass those on.
    if (error instanceof GraphQLError && error.extensions?.response === undefined) throw error;
    if (error instanceof GraphQLError) {
      const { status, body } = error.extensions.response as { status?: number; body?: unknown };
      // A value the subgraph's own checks refused is the client's to fix, whatever the gateway let through.
      const refused = status === 400 ? refusedInputOf(body) : undefined;
      if (refused) {
        throw new GraphQLError(refused.message, {
          extensions: { code: ErrorCode.BAD_USER_INPUT, subgraph: this.subgraphName, ...(refused.reason ? { reason: refused.reason } : {}) },
        });
      }
      throw new GraphQLError(`The ${this.subgraphName} service refused the request (HTTP ${status}); other data in this response is unaffected.`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraphName, status },
      });
    }
    const timedOut = isTimeout(error);
    throw new GraphQLError(
      timedOut
        ? `The ${this.subgraphName} service did not answer in time; other data in this response is unaffected.`
        : `The ${this.subgraphName} service is unavailable; other data in this response is unaffected.`,
      { extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', subgraph: this.subgraphName } },
    );
  }
}

/**
 * The first input error in a subgraph's HTTP 400 answer: a variable it could not coerce
 * (BAD_USER_INPUT), or a literal its scalars refused (graphql-js reports those as validation errors).
 */
function refusedInputOf(body: unknown): { message: string; reason?: string } | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const error of errors as { message?: unknown; extensions?: { code?: unknown; reason?: unknown } }[]) {
    // Entity representations are the gateway's own variable, never the client's input.
    if (typeof error?.message !== 'string' || error.message.includes('$representations')) continue;
    const code = error.extensions?.code;
    const valueRefused =
      code === ErrorCode.BAD_USER_INPUT ||
      (code === ErrorCode.GRAPHQL_VALIDATION_FAILED && /^(Expected value of type|Invalid )|cannot represent|does not exist in ".*" enum/.test(error.message));
    if (valueRefused) return { message: error.message, reason: typeof error.extensions?.reason === 'string' ? error.extensions.reason : undefined };
  }
  return undefined;
}

/** The CPR numbers of an entity fetch's Citizen representations: whom the call is about. */
function citizensOf(variables: Record<string, unknown> | undefined): string[] {
  const representations = variables?.representations;
  if (!Array.isArray(representations)) return [];
  return representations.flatMap((r) =>
    r && typeof r === 'object' && (r as { __typename?: unknown }).__typename === 'Citizen' && typeof (r as { cpr?: unknown }).cpr === 'string'
      ? [(r as { cpr: string }).cpr]
      : [],
  );
}

/** A fetch that failed by its deadline (our abort, or a socket timeout), as opposed to one that could not connect. */
function isTimeout(error: Error): boolean {
  return error.name === 'AbortError' || /aborted|timeout/i.test(error.message);
}

/** Inside the sharing: a fetch shared by several requests is measured once, as it was made once. */
function measuredFetcher(subgraph: string, fetcher: Fetcher, metrics: SubgraphFetchMetrics | undefined): Fetcher {
  if (!metrics) return fetcher;
  return (async (url: string, init?: Record<string, unknown>) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await (fetcher as unknown as (u: string, i?: Record<string, unknown>) => Promise<{ status: number }>)(url, init);
      metrics.fetchEnded(subgraph, seconds(), response.status >= 400 ? `http_${response.status}` : 'success');
      return response;
    } catch (error) {
      metrics.fetchEnded(subgraph, seconds(), error instanceof Error && isTimeout(error) ? 'timeout' : 'unavailable');
      throw error;
    }
  }) as unknown as Fetcher;
}
