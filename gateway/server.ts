import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createFormatError, createHttpHandler, type Logger, type RunningService } from '../subgraphs/kit';
import type { GatewayContext } from './context';
import { SubgraphDataSource } from './datasources/SubgraphDataSource';
import { createGatewayContext, type IdentityOptions } from './identity/createGatewayContext';
import { createCprValidationPlugin } from './plugins/useCprValidation';
import { createRequireIdentityPlugin } from './plugins/useRequireIdentity';
import { createStaleDataPlugin } from './plugins/useStaleDataExtension';

export interface GatewayOptions {
  /** The composed supergraph SDL (from schema/supergraph.graphql or a schema registry). */
  readonly supergraphSdl: string;
  readonly logger: Logger;
  /** Token verification, acting-for decisions and caller-context signing. */
  readonly identity: IdentityOptions;
  /** Overrides of the routing URLs baked into the supergraph, by subgraph name. */
  readonly subgraphUrls?: Readonly<Record<string, string>>;
  /** Per-subgraph call timeout, milliseconds. */
  readonly subgraphTimeoutMs?: number;
  /** Sockets kept open to each subgraph host. */
  readonly maxSocketsPerSubgraph?: number;
  readonly maxBodyBytes?: number;
  /** Introspection (and the explorer) on; off by default in production. */
  readonly introspection?: boolean;
}

export const DEFAULT_GATEWAY_OPTIONS = {
  subgraphTimeoutMs: 10_000,
  maxSocketsPerSubgraph: 64,
  maxBodyBytes: 100_000,
  introspection: true,
} as const;

export interface Gateway {
  listen(port: number, host?: string): Promise<RunningService>;
}

/** Builds the gateway: Apollo Server over @apollo/gateway on a static supergraph. No side effects. */
export function buildGateway(options: GatewayOptions): Gateway {
  const settings = { ...DEFAULT_GATEWAY_OPTIONS, ...withoutUndefined(options) };
  // Idle sockets close well before the subgraphs' keepAliveTimeout, so a reused socket is never a closing one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.maxSocketsPerSubgraph, maxFreeSockets: 16, timeout: 30_000 });
  (agent as unknown as { freeSocketTimeout?: number }).freeSocketTimeout = 4000;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({
      name,
      url: options.subgraphUrls?.[name] ?? url ?? missingUrl(name),
      timeoutMs: settings.subgraphTimeoutMs,
      agent,
    }),
    logger: { debug: () => {}, info: () => {}, warn: (m) => options.logger.warn(String(m)), error: (m) => options.logger.error(String(m)) },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    formatError: createFormatError(options.logger),
    plugins: [createRequireIdentityPlugin(), createCprValidationPlugin(), createStaleDataPlugin()],
    logger: { debug: () => {}, info: () => {}, warn: (m) => options.logger.warn(String(m)), error: (m) => options.logger.error(String(m)) },
  });
  let ready = false;

  return {
    async listen(port, host = '127.0.0.1') {
      await apollo.start();
      ready = true;
      const handler = createHttpHandler<GatewayContext>({
        apollo,
        maxBodyBytes: settings.maxBodyBytes,
        ready: () => ready,
        context: createGatewayContext(options.identity),
      });
      const server = http.createServer((req, res) => {
        handler(req, res).catch((error) => {
          options.logger.error('gateway request failed', { message: error instanceof Error ? error.message : String(error) });
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
        });
      });
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const address = server.address() as AddressInfo;
      options.logger.info('gateway listening', { port: address.port });
      return {
        url: `http://${host}:${address.port}/graphql`,
        port: address.port,
        async stop() {
          ready = false;
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          });
          await apollo.stop();
          agent.destroy();
        },
      };
    },
  };
}

function missingUrl(name: string): never {
  throw new Error(`subgraph "${name}" has no routing URL in the supergraph and none was configured (subgraphUrls.${name})`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
