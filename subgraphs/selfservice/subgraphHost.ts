import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createFormatError } from '../kit/formatError';
import { createHttpHandler } from '../kit/httpHandler';
import { staleDataPlugin } from '../kit/staleDataPlugin';
import type { RunningService, SubgraphServer, SubgraphServerOptions } from '../kit/subgraphServer';
import type { Route } from './internalRoutes';

export interface SubgraphHostOptions<C extends BaseContext> extends SubgraphServerOptions<C> {
  /** Routes answered before GraphQL (e.g. /internal/...); a route returns false to pass. */
  readonly routes?: Route;
  /** Runs once in listen(), before any traffic: schema migrations. */
  readonly beforeStart?: () => Promise<void>;
}

/**
 * The kit's buildSubgraphServer plus extra routes and a start hook, which the kit does not
 * offer yet (proposed as options there). Same Apollo settings, same /health and /ready.
 */
export function buildSubgraphHost<C extends BaseContext>(options: SubgraphHostOptions<C>): SubgraphServer {
  const schema = buildSubgraphSchema(options.modules.map((m) => ({ typeDefs: m.typeDefs, resolvers: m.resolvers })) as never);
  const apollo = new ApolloServer<C>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    formatError: createFormatError(options.logger),
    plugins: [staleDataPlugin()],
    logger: { debug: () => {}, info: () => {}, warn: (m) => options.logger.warn(String(m)), error: (m) => options.logger.error(String(m)) },
  });
  let started = false;

  return {
    name: options.name,
    async listen(port, host = '127.0.0.1') {
      await options.beforeStart?.();
      await apollo.start();
      started = true;
      const graphql = createHttpHandler<C>({ apollo, context: options.context, maxBodyBytes: options.maxBodyBytes ?? 1_000_000, ready: () => started });
      const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        const given = req.headers['x-request-id'];
        const requestId = typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
        if (options.routes && (await options.routes(req, res, requestId))) return;
        await graphql(req, res);
      };
      const server = http.createServer((req, res) => {
        handle(req, res).catch((error) => {
          options.logger.error('request failed', { message: error instanceof Error ? error.message : String(error) });
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
        });
      });
      // Longer than the gateway's idle socket timeout, so the gateway never reuses a socket we are closing.
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const address = server.address() as AddressInfo;
      options.logger.info('subgraph listening', { subgraph: options.name, port: address.port });
      const running: RunningService = {
        url: `http://${host}:${address.port}/graphql`,
        port: address.port,
        async stop() {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          });
          started = false;
          await apollo.stop();
          await options.onStop?.();
        },
      };
      return running;
    },
  };
}
