/**
 * Subgraph machinery: what every subgraph is built from (server, per-request context and
 * loaders, the access log, filing and idempotency, the runtime a subgraph is given).
 * Platform plumbing lives in platform/, domain rules in domain/.
 */
export * from './batchLoader';
export * from './subgraphServer';
export * from './accessLog';
export * from './idempotency';
export * from './requestContext';
export * from './runtime';
export * from './filing';
export * from './readForCitizen';
