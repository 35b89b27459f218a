// Hive Gateway as the bench runs it (scripts/bench/hivePeer.ts starts the CLI with this file):
// `hive-gateway supergraph <file> --jit --fork <cores>` with NODE_ENV=production, following
// Hive Gateway's documentation for production: JIT-compiled operations (graphql-jit), a worker per
// core, masked errors (the default), and deduplication of identical in-flight subgraph requests
// (on by default for HTTP transports; nothing here turns it off). The only addition is the bench's
// static caller context: the client sends it per subgraph as x-bench-context-<subgraph>, and
// Hive Gateway passes it on as x-caller-context (its documented header propagation), since a
// gateway other than ours cannot sign contexts (docs/performance.md, "Peers").
export const gatewayConfig = {
  jit: true,
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const context = request.headers.get(`x-bench-context-${subgraphName}`);
      return context ? { 'x-caller-context': context } : {};
    },
  },
};
