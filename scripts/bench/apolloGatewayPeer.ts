import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { supergraphForGateway } from '../../gateway/supergraphForGateway';
import { answerDriver } from './ipc';
import { processStats } from './processStats';
import type { PeerReady } from './types';

/**
 * The peer a team would otherwise pick: stock @apollo/gateway over the same supergraph with
 * @apollo/server's defaults, in a process of its own, routed to the benchmarked stack's subgraphs
 * (BENCH_SUBGRAPH_URLS, JSON by name). It sends no caller context, so it can serve only public
 * data (the catalogue); the only change to the supergraph is what lets @apollo/gateway load it.
 */
async function main(): Promise<void> {
  const stats = processStats();
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const sdl = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')
    .replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole));
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: supergraphForGateway(sdl) }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  answerDriver({
    reset: () => stats.reset(),
    counters: () => ({ process: stats.read() }),
    stop() {
      setImmediate(async () => {
        await server.stop();
        process.exit(0);
      });
    },
  }, { gatewayUrl: url } satisfies PeerReady);
}

main().catch((error) => {
  process.stderr.write(`apollo gateway peer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
