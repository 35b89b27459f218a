import http from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import nodeFetch from 'node-fetch';
import type { StaleServe } from '../../subgraphs/kit/cache/FreshnessReport';
import { CALLER_CONTEXT_HEADER } from '../../subgraphs/kit/caller/signing';
import type { GatewayContext } from '../context';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  /** Per-subgraph request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Shared keep-alive agent (bounded socket pool). */
  readonly agent: http.Agent;
}

/**
 * How the gateway calls one subgraph: keep-alive sockets, a timeout, the request id passed
 * on, and a failed subgraph reported as SUBGRAPH_UNAVAILABLE / SUBGRAPH_TIMEOUT naming it,
 * never with its internal URL.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraphName: string;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, fetcher: timedFetcher(options.agent, options.timeoutMs) });
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
    request.http?.headers.set(CALLER_CONTEXT_HEADER, await ctx.contextFor(this.subgraphName, operation));
  }

  override async didReceiveResponse({ response, context }: { response: GatewayGraphQLResponse; context: GatewayContext }): Promise<GatewayGraphQLResponse> {
    const stale = response.extensions?.staleData;
    if (Array.isArray(stale) && Array.isArray(context?.staleData)) context.staleData.push(...(stale as StaleServe[]));
    return response;
  }

  override didEncounterError(error: Error): never {
    // Apollo's HTTP-error GraphQLError carries the subgraph's URL and raw body under extensions.response: never pass those on.
    if (error instanceof GraphQLError && error.extensions?.response === undefined) throw error;
    if (error instanceof GraphQLError) {
      const status = (error.extensions.response as { status?: number }).status;
      throw new GraphQLError(`The ${this.subgraphName} service refused the request (HTTP ${status}); other data in this response is unaffected.`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.subgraphName, status },
      });
    }
    const timedOut = error.name === 'AbortError' || /aborted|timeout/i.test(error.message);
    throw new GraphQLError(
      timedOut ? `The ${this.subgraphName} service did not answer in time; other data in this response is unaffected.`
        : `The ${this.subgraphName} service is unavailable; other data in this response is unaffected.`,
      { extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', subgraph: this.subgraphName } },
    );
  }
}

function timedFetcher(agent: http.Agent, timeoutMs: number): Fetcher {
  return (async (url: string, init: Record<string, unknown> = {}) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await nodeFetch(url, { ...init, agent, signal: controller.signal as never });
    } finally {
      clearTimeout(timer);
    }
  }) as unknown as Fetcher;
}
