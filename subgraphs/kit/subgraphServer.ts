import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import { contextBindingPlugin } from '../../domain/caller/contextBindingPlugin';
import { apolloReportingOff } from '../../platform/apolloReportingOff';
import { createFormatError } from '../../platform/formatError';
import type { Registry } from 'prom-client';
import { createHttpHandler, requestIdOf, type RequestInfo } from '../../platform/httpHandler';
import { serveHttp } from '../../platform/serveHttp';
import type { Logger } from '../../platform/logger';
import { createMetricsRoute, createServiceRegistry, operationMetricsPlugin } from '../../platform/metrics';
import { type ReadinessCheck, ReadinessChecks } from '../../platform/readiness/ReadinessChecks';
import { staleDataPlugin } from './staleDataPlugin';
import { flushTracing, graphqlSpanPlugin } from '../../platform/tracing';
import type { ServerTls } from '../../platform/tls';

/** How long stop() lets requests in flight finish. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface SubgraphModule<C> {
  readonly typeDefs: DocumentNode;
  readonly resolvers: GraphQLResolverMap<C>;
}

export interface SubgraphServerOptions<C extends BaseContext> {
  /** The subgraph's name as in schema/supergraph.yaml. */
  readonly name: string;
  readonly modules: readonly SubgraphModule<C>[];
  /** Builds the per-request context (loaders are made here, never at module level). */
  readonly context: (request: RequestInfo) => Promise<C>;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  /** Called on stop, after the HTTP server closed: close clients and pools here. */
  readonly onStop?: () => Promise<void> | void;
  /** Runs once in listen(), before any traffic (schema migrations). */
  readonly beforeStart?: () => Promise<void>;
  /** Routes answered before GraphQL (e.g. /internal/...); a route resolves false to pass. */
  readonly routes?: Route;
  readonly plugins?: readonly ApolloServerPlugin<C>[];
  /** This instance's Prometheus registry (legacy and cache metrics are registered in it too); default: a new one. */
  readonly metrics?: Registry;
  /** When set, GET /metrics also needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
  /** Dependencies the subgraph cannot work without: /ready is 503 while one fails. */
  readonly readiness?: readonly ReadinessCheck[];
}

/** An extra HTTP route: resolves true when it answered the request. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse, requestId: string) => Promise<boolean>;

export interface RunningService {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface SubgraphServer {
  readonly name: string;
  /** Starts Apollo and listens; port 0 picks a free port. With tls, HTTPS (mutual TLS if it asks for client certificates). */
  listen(port: number, host?: string, tls?: ServerTls): Promise<RunningService>;
}

/** Builds a federated subgraph service: no side effects until listen(). */
export function buildSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): SubgraphServer {
  const metrics = options.metrics ?? createServiceRegistry(options.name);
  const readiness = new ReadinessChecks(options.readiness ?? [], { registry: metrics });
  const metricsRoute = createMetricsRoute(metrics, options.metricsToken);
  const schema = buildSubgraphSchema(options.modules.map((m) => ({ typeDefs: m.typeDefs, resolvers: m.resolvers })) as never);
  const apollo = new ApolloServer<C>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    formatError: createFormatError(options.logger),
    plugins: [
      operationMetricsPlugin<C>(metrics),
      graphqlSpanPlugin<C>(),
      contextBindingPlugin<C>(),
      staleDataPlugin(),
      ...apolloReportingOff<C>(),
      ...(options.plugins ?? []),
    ],
    logger: { debug: () => {}, info: () => {}, warn: (m) => options.logger.warn(String(m)), error: (m) => options.logger.error(String(m)) },
  });
  let started = false;

  return {
    name: options.name,
    async listen(port, host = '127.0.0.1', tls) {
      await options.beforeStart?.();
      await apollo.start();
      started = true;
      const graphql = createHttpHandler<C>({
        apollo,
        context: options.context,
        maxBodyBytes: options.maxBodyBytes ?? 1_000_000,
        ready: async () => started && (await readiness.verdict()).ready,
        // Continues the gateway's trace from the traceparent header of each request.
        tracing: { service: options.name, continueCallerTrace: true },
      });
      const service = await serveHttp(
        async (req, res) => {
          const requestId = requestIdOf(req);
          if (await metricsRoute(req, res)) return;
          if (options.routes && (await options.routes(req, res, requestId))) return;
          await graphql(req, res, requestId);
        },
        { port, host, logger: options.logger, tls },
      );
      options.logger.info('subgraph listening', {
        subgraph: options.name,
        port: service.port,
        tls: tls ? (tls.requestClientCert ? 'mutual' : 'server') : 'off',
      });
      return {
        url: `${service.baseUrl}/graphql`,
        port: service.port,
        async stop() {
          started = false;
          await service.close(SHUTDOWN_GRACE_MS);
          await apollo.stop();
          await options.onStop?.();
          await flushTracing();
        },
      };
    },
  };
}
