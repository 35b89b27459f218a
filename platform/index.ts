/**
 * Platform plumbing: what the gateway, the subgraphs and the legacy stand-ins all stand on
 * (clock, env, logging, errors, HTTP serving, legacy HTTP with resilience, SQL, Redis cache, TLS).
 * Nothing here knows about citizens, callers or services; it imports no other layer.
 */
export * from './clock';
export * from './env';
export * from './errors';
export * from './formatError';
export * from './httpHandler';
export * from './legacyHttp';
export * from './logger';
export * from './schemaFile';
export * from './cache';
export * from './sql';
export * from './resilience/resilienceFromEnv';
export * from './serveHttp';
export * from './serviceProcess';
export * from './tls';
export * from './requestId';
