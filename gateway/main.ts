import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { createLogger, EnvReader, systemClock, tlsFromEnv } from '../platform';
import { importContextKey, serviceCatalogue } from '../domain';
import { SelfserviceClient } from '../subgraphs/selfservice/client/selfserviceClient';
import { chooseTokenIssuer } from './chooseTokenIssuer';
import { type GatewayConfig, serviceConfig } from './config';
import { runWorkers, workerCount } from './cluster';
import { DemoPersonaTokens } from './explorer/demoPersonas';
import { explorerEnabled } from './explorer/explorerSetting';
import { ActingDirectoryClient } from './identity/ActingDirectoryClient';
import { loadDevIssuer } from './identity/devIssuer';
import { devIssuerAllowed } from './identity/devIssuerAllowed';
import { createTokenVerifier } from './identity/verifyAccessToken';
import { routingUrlOf } from './routingUrl';
import { readSafelist } from './persisted/Safelist';
import { buildGateway, DEFAULT_GATEWAY_OPTIONS } from './server';
import { subgraphDispatcher, subgraphTlsFromEnv } from './subgraphTls';
import { internalFetch } from '../platform/internalHttp';
import { subgraphUrlsFromEnv } from './subgraphUrls';
import { startTracingFromEnv } from '../platform/tracing';

/**
 * The gateway as a service. Every variable below is declared, checked and documented in
 * gateway/config.ts (docs/configuration.md). Identity: OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL, OIDC_ALGORITHMS
 * (comma-separated, pinned); or, instead of OIDC_ISSUER, GATEWAY_DEV_ISSUER=true for the development
 * issuer (keys under DATA_DIR), refused unless NODE_ENV is unset, development or test; with neither
 * the gateway does not start. CALLER_CONTEXT_PRIVATE_KEY: the Ed25519 JWK that signs caller contexts
 * (`npm run keys` makes a pair; subgraphs get the public half).
 *
 * The edge (defaults in DEFAULT_GATEWAY_OPTIONS unless noted): GATEWAY_MAX_DEPTH,
 * _MAX_INTROSPECTION_DEPTH, _MAX_ALIASES, _MAX_TOKENS, _MAX_DIRECTIVES, _MAX_COST,
 * _ASSUMED_LIST_SIZE, _MAX_VALIDATION_ERRORS; GATEWAY_FIELD_SUGGESTIONS and GATEWAY_INTROSPECTION
 * (off in production); GATEWAY_EXPLORER (the bundled GraphiQL at /explorer and a browser's GET of
 * /graphql; off in production; its persona switcher only with the development issuer); GATEWAY_BATCHED_REQUESTS; GATEWAY_SHARE_IDENTICAL_REQUESTS; GATEWAY_MAX_BODY_BYTES; REDIS_URL (persisted
 * queries and rate limits shared across replicas); GATEWAY_SAFELIST (on in production) with
 * GATEWAY_SAFELIST_PATH (operations/safelist.json, from `npm run safelist`);
 * GATEWAY_RATE_LIMIT (requests per token, subject or anonymous address per window, 300 here, 0 = off),
 * GATEWAY_RATE_LIMIT_ADDRESS (per client address whatever its tokens, default 10 x GATEWAY_RATE_LIMIT),
 * GATEWAY_RATE_LIMIT_WINDOW_MS, GATEWAY_TRUSTED_PROXIES; GATEWAY_SHUTDOWN_GRACE_MS.
 * GATEWAY_WORKERS: gateway processes sharing the port (node:cluster, gateway/cluster.ts), default one
 * per core (os.availableParallelism()); 1 runs the gateway in this process alone. Workers share rate
 * limits and persisted queries only through REDIS_URL.
 *
 * TLS (docs/security-tls.md): SUBGRAPH_TLS_CA_FILE, SUBGRAPH_TLS_CLIENT_CERT_FILE and
 * SUBGRAPH_TLS_CLIENT_KEY_FILE for https:// subgraphs (mutual TLS); TLS_CERT_FILE, TLS_KEY_FILE
 * (and TLS_CLIENT_CA_FILE) to serve the gateway itself over HTTPS.
 */
async function main(config: GatewayConfig): Promise<void> {
  startTracingFromEnv('citizen-graph-gateway'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What helpers read themselves (issuer choice, TLS files, explorer); config has already checked every variable.
  const env = new EnvReader(process.env);
  // First, so a gateway without a proper token issuer fails before it reads keys or opens anything.
  const issuerChoice = chooseTokenIssuer(env);
  // The one clock of this process: every request's instant and date, token and context lifetimes.
  const clock = systemClock;
  const production = config.NODE_ENV === 'production';
  const logger = createLogger('gateway', config.LOG_LEVEL, undefined, clock);
  const supergraphPath = config.SUPERGRAPH_PATH ?? path.join(__dirname, '..', 'schema', 'supergraph.graphql');
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const subgraphUrls = subgraphUrlsFromEnv(process.env);
  const signingKey = await importContextKey(config.CALLER_CONTEXT_PRIVATE_KEY, 'private');

  let verifyToken: ReturnType<typeof createTokenVerifier>;
  let personas: DemoPersonaTokens | undefined;
  if (issuerChoice.kind === 'oidc') {
    verifyToken = createTokenVerifier({
      jwks: createRemoteJWKSet(new URL(requiredWithIssuer(config.OIDC_JWKS_URL, 'OIDC_JWKS_URL'))),
      issuer: issuerChoice.issuer,
      audience: requiredWithIssuer(config.OIDC_AUDIENCE, 'OIDC_AUDIENCE'),
      algorithms: config.OIDC_ALGORITHMS.split(',').map((a) => a.trim()),
      clock,
    });
  } else {
    const dev = await loadDevIssuer(config.DATA_DIR, !devIssuerAllowed(config.NODE_ENV), clock);
    logger.warn('using the DEVELOPMENT token issuer (demo personas); set OIDC_ISSUER for real identities');
    verifyToken = createTokenVerifier({ jwks: dev.jwks, issuer: dev.issuer, audience: dev.audience, algorithms: ['ES256'], clock });
    personas = new DemoPersonaTokens(dev);
  }
  const citizenUrl = subgraphUrls.citizen ?? routingUrlOf(supergraphSdl, 'citizen');
  if (!citizenUrl) throw new Error('the supergraph has no citizen subgraph URL; set SUBGRAPH_URL_CITIZEN');
  // The gateway's internal calls (acting-for checks at selfservice and the citizen subgraph) use the subgraph TLS too.
  const subgraphTls = subgraphTlsFromEnv(env);
  const internal = internalFetch(subgraphDispatcher({ maxSocketsPerSubgraph: DEFAULT_GATEWAY_OPTIONS.maxSocketsPerSubgraph }, subgraphTls));
  const directory = new ActingDirectoryClient({
    selfservice: new SelfserviceClient({ baseUrl: config.SELFSERVICE_URL, timeoutMs: config.SELFSERVICE_TIMEOUT_MS, fetch: internal }),
    citizenSubgraphUrl: citizenUrl,
    fetch: internal,
    catalogue: serviceCatalogue(),
    signingKey,
  });

  const gateway = buildGateway({
    supergraphSdl,
    logger,
    identity: { verifyToken, directory, signingKey, clock },
    subgraphUrls,
    subgraphTimeoutMs: config.GATEWAY_SUBGRAPH_TIMEOUT_MS,
    subgraphTls,
    introspection: config.GATEWAY_INTROSPECTION ?? !production,
    explorer: { enabled: explorerEnabled(env, production), personas },
    maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
    allowBatchedHttpRequests: config.GATEWAY_BATCHED_REQUESTS,
    shareIdenticalRequests: config.GATEWAY_SHARE_IDENTICAL_REQUESTS,
    maxDepth: config.GATEWAY_MAX_DEPTH,
    maxIntrospectionDepth: config.GATEWAY_MAX_INTROSPECTION_DEPTH,
    maxAliases: config.GATEWAY_MAX_ALIASES,
    maxTokens: config.GATEWAY_MAX_TOKENS,
    maxDirectives: config.GATEWAY_MAX_DIRECTIVES,
    maxCost: config.GATEWAY_MAX_COST,
    assumedListSize: config.GATEWAY_ASSUMED_LIST_SIZE,
    maxValidationErrors: config.GATEWAY_MAX_VALIDATION_ERRORS,
    hideFieldSuggestions: !(config.GATEWAY_FIELD_SUGGESTIONS ?? !production),
    redisUrl: config.REDIS_URL,
    // /metrics is on this port: keep it off the public ingress; with METRICS_TOKEN a scrape must also send it as a bearer token.
    metricsToken: config.METRICS_TOKEN,
    persistedQueryTtlSeconds: config.GATEWAY_PERSISTED_QUERY_TTL_SECONDS,
    safelist:
      (config.GATEWAY_SAFELIST ?? production)
        ? readSafelist(config.GATEWAY_SAFELIST_PATH ?? path.join(__dirname, '..', 'operations', 'safelist.json'))
        : undefined,
    rateLimitRequests: config.GATEWAY_RATE_LIMIT,
    rateLimitAddressRequests: config.GATEWAY_RATE_LIMIT_ADDRESS,
    rateLimitWindowMs: config.GATEWAY_RATE_LIMIT_WINDOW_MS,
    trustedProxies: config.GATEWAY_TRUSTED_PROXIES,
    shutdownGraceMs: config.GATEWAY_SHUTDOWN_GRACE_MS,
  });
  const running = await gateway.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, tlsFromEnv(env));
  logger.info('gateway ready', { url: running.url, supergraph: supergraphPath });
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// A worker per core (GATEWAY_WORKERS, default os.availableParallelism()); gateway/cluster.ts.
function startWorkers(): Promise<void> {
  // Every variable checked before anything starts: a bad one stops the gateway naming it.
  const config = serviceConfig.load(process.env);
  return runWorkers({
    workers: workerCount(process.env),
    graceMs: config.GATEWAY_SHUTDOWN_GRACE_MS,
    log: createLogger('gateway', config.LOG_LEVEL),
    start: () => main(config),
  });
}

/** OIDC_AUDIENCE and OIDC_JWKS_URL have no default: with OIDC_ISSUER each must be set. */
function requiredWithIssuer(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`${name}: required with OIDC_ISSUER, not set`);
  return value;
}

startWorkers().catch((error) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
