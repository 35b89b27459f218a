import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { supergraphForGateway } from '../../gateway/supergraphForGateway';
import { answerDriver } from './ipc';
import { processStats } from './processStats';
import type { PeerReady } from './types';

/**
 * The peer a team would otherwise pick: stock @apollo/gateway over the same supergraph with
 * @apollo/server's defaults, in a process of its own, routed to the benchmarked stack's subgraphs
 * (BENCH_SUBGRAPH_URLS, JSON by name). The only change to the supergraph is what lets
 * @apollo/gateway load it. It cannot sign caller contexts, so for the authenticated workloads it
 * sends the bench's static one (BENCH_STATIC_CONTEXTS_FILE: identity -> subgraph -> context, signed
 * with the bench-only key) as x-caller-context to each subgraph, the identity named by the client
 * in x-bench-identity: the one addition to stock, an ordinary RemoteGraphQLDataSource.willSendRequest.
 */
interface BenchContext {
  readonly identity?: string;
}

function staticContexts(): Record<string, Record<string, string>> {
  const file = process.env.BENCH_STATIC_CONTEXTS_FILE;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>) : {};
}

async function main(): Promise<void> {
  const stats = processStats();
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const sdl = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8').replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole),
  );
  const contexts = staticContexts();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(sdl),
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource<BenchContext> {
        override willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource<BenchContext>['willSendRequest'] & {}>[0]) {
          const token = context.identity ? contexts[context.identity]?.[name] : undefined;
          if (token) request.http?.headers.set('x-caller-context', token);
        }
      })({ url }),
  });
  const server = new ApolloServer<BenchContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ identity: typeof req.headers['x-bench-identity'] === 'string' ? req.headers['x-bench-identity'] : undefined }),
  });
  answerDriver(
    {
      reset: () => stats.reset(),
      counters: () => ({ process: stats.read() }),
      stop() {
        setImmediate(async () => {
          await server.stop();
          process.exit(0);
        });
      },
    },
    { gatewayUrl: url } satisfies PeerReady,
  );
}

main().catch((error) => {
  process.stderr.write(`apollo gateway peer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
