// Hive Gateway as the bench runs it (scripts/bench/hivePeer.ts starts the CLI with this file):
// `hive-gateway supergraph <file> --jit --fork <cores>` with NODE_ENV=production, following
// Hive Gateway's documentation for production: JIT-compiled operations (graphql-jit), a worker per
// core, masked errors (the default), and deduplication of identical in-flight subgraph requests
// (on by default for HTTP transports; nothing here turns it off). The only addition is the bench's
// static caller context, since a gateway other than ours cannot sign a context per request
// (docs/performance.md, "Peers"): BENCH_STATIC_CONTEXTS_FILE holds identity -> subgraph -> context
// (signed with the bench-only key), the client names the identity in x-bench-identity, and Hive
// Gateway sends that identity's context for each subgraph as x-caller-context, with its documented
// header propagation.
import { readFileSync } from 'node:fs';

const contexts = process.env.BENCH_STATIC_CONTEXTS_FILE ? JSON.parse(readFileSync(process.env.BENCH_STATIC_CONTEXTS_FILE, 'utf8')) : {};

export const gatewayConfig = {
  jit: true,
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const identity = request.headers.get('x-bench-identity');
      const context = identity ? contexts[identity]?.[subgraphName] : undefined;
      return context ? { 'x-caller-context': context } : {};
    },
  },
};
