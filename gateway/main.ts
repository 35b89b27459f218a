import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { createLogger, EnvReader, type LogLevel, systemClock, tlsFromEnv } from '../platform';
import { DEFAULT_PORTS } from '../systems/ports';
import { importContextKey, serviceCatalogue } from '../domain';
import { SelfserviceClient } from '../subgraphs/selfservice/client/selfserviceClient';
import { chooseTokenIssuer } from './chooseTokenIssuer';
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
import { subgraphTlsFromEnv } from './subgraphTls';
import { subgraphUrlsFromEnv } from './subgraphUrls';
import { startTracingFromEnv } from '../platform/tracing';

/**
 * The gateway as a service. Identity: OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL, OIDC_ALGORITHMS
 * (comma-separated, pinned); or, instead of OIDC_ISSUER, GATEWAY_DEV_ISSUER=true for the development
 * issuer (keys under DATA_DIR), refused unless NODE_ENV is unset, development or test; with neither
 * the gateway does not start. CALLER_CONTEXT_PRIVATE_KEY: the Ed25519 JWK that signs caller contexts
 * (`npm run keys` makes a pair; subgraphs get the public half).
 *
 * The edge (defaults in DEFAULT_GATEWAY_OPTIONS unless noted): GATEWAY_MAX_DEPTH,
 * _MAX_INTROSPECTION_DEPTH, _MAX_ALIASES, _MAX_TOKENS, _MAX_DIRECTIVES, _MAX_COST,
 * _ASSUMED_LIST_SIZE, _MAX_VALIDATION_ERRORS; GATEWAY_FIELD_SUGGESTIONS and GATEWAY_INTROSPECTION
 * (off in production); GATEWAY_EXPLORER (the bundled GraphiQL at /explorer and a browser's GET of
 * /graphql; off in production; its persona switcher only with the development issuer); GATEWAY_BATCHED_REQUESTS; GATEWAY_MAX_BODY_BYTES; REDIS_URL (persisted
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
async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-gateway'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  // First, so a gateway without a proper token issuer fails before it reads keys or opens anything.
  const issuerChoice = chooseTokenIssuer(env);
  // The one clock of this process: every request's instant and date, token and context lifetimes.
  const clock = systemClock;
  const production = env.optional('NODE_ENV') === 'production';
  const logger = createLogger('gateway', env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info'));
  const supergraphPath = env.string('SUPERGRAPH_PATH', path.join(__dirname, '..', 'schema', 'supergraph.graphql'));
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const subgraphUrls = subgraphUrlsFromEnv(process.env);
  const signingKey = await importContextKey(env.string('CALLER_CONTEXT_PRIVATE_KEY'), 'private');

  let verifyToken;
  let personas: DemoPersonaTokens | undefined;
  if (issuerChoice.kind === 'oidc') {
    verifyToken = createTokenVerifier({
      jwks: createRemoteJWKSet(new URL(env.url('OIDC_JWKS_URL'))),
      issuer: issuerChoice.issuer,
      audience: env.string('OIDC_AUDIENCE'),
      algorithms: env.string('OIDC_ALGORITHMS', 'RS256').split(',').map((a) => a.trim()),
      clock,
    });
  } else {
    const dev = await loadDevIssuer(env.string('DATA_DIR', 'data'), !devIssuerAllowed(env.optional('NODE_ENV')), clock);
    logger.warn('using the DEVELOPMENT token issuer (demo personas); set OIDC_ISSUER for real identities');
    verifyToken = createTokenVerifier({ jwks: dev.jwks, issuer: dev.issuer, audience: dev.audience, algorithms: ['ES256'], clock });
    personas = new DemoPersonaTokens(dev);
  }
  const citizenUrl = subgraphUrls.citizen ?? routingUrlOf(supergraphSdl, 'citizen');
  if (!citizenUrl) throw new Error('the supergraph has no citizen subgraph URL; set SUBGRAPH_URL_CITIZEN');
  const directory = new ActingDirectoryClient({
    selfservice: new SelfserviceClient({ baseUrl: env.url('SELFSERVICE_URL', `http://127.0.0.1:${DEFAULT_PORTS.selfservice}`), timeoutMs: env.int('SELFSERVICE_TIMEOUT_MS', 3000, { min: 1 }) }),
    citizenSubgraphUrl: citizenUrl,
    catalogue: serviceCatalogue(),
    signingKey,
  });

  const gateway = buildGateway({
    supergraphSdl,
    logger,
    identity: { verifyToken, directory, signingKey, clock },
    subgraphUrls,
    subgraphTimeoutMs: env.int('GATEWAY_SUBGRAPH_TIMEOUT_MS', DEFAULT_GATEWAY_OPTIONS.subgraphTimeoutMs, { min: 1 }),
    subgraphTls: subgraphTlsFromEnv(env),
    introspection: env.boolean('GATEWAY_INTROSPECTION', !production),
    explorer: { enabled: explorerEnabled(env, production), personas },
    maxBodyBytes: env.int('GATEWAY_MAX_BODY_BYTES', DEFAULT_GATEWAY_OPTIONS.maxBodyBytes, { min: 1 }),
    allowBatchedHttpRequests: env.boolean('GATEWAY_BATCHED_REQUESTS', DEFAULT_GATEWAY_OPTIONS.allowBatchedHttpRequests),
    maxDepth: env.int('GATEWAY_MAX_DEPTH', DEFAULT_GATEWAY_OPTIONS.maxDepth, { min: 1 }),
    maxIntrospectionDepth: env.int('GATEWAY_MAX_INTROSPECTION_DEPTH', DEFAULT_GATEWAY_OPTIONS.maxIntrospectionDepth, { min: 1 }),
    maxAliases: env.int('GATEWAY_MAX_ALIASES', DEFAULT_GATEWAY_OPTIONS.maxAliases, { min: 1 }),
    maxTokens: env.int('GATEWAY_MAX_TOKENS', DEFAULT_GATEWAY_OPTIONS.maxTokens, { min: 1 }),
    maxDirectives: env.int('GATEWAY_MAX_DIRECTIVES', DEFAULT_GATEWAY_OPTIONS.maxDirectives, { min: 1 }),
    maxCost: env.int('GATEWAY_MAX_COST', DEFAULT_GATEWAY_OPTIONS.maxCost, { min: 1 }),
    assumedListSize: env.int('GATEWAY_ASSUMED_LIST_SIZE', DEFAULT_GATEWAY_OPTIONS.assumedListSize, { min: 1 }),
    maxValidationErrors: env.int('GATEWAY_MAX_VALIDATION_ERRORS', DEFAULT_GATEWAY_OPTIONS.maxValidationErrors, { min: 1 }),
    hideFieldSuggestions: !env.boolean('GATEWAY_FIELD_SUGGESTIONS', !production),
    redisUrl: env.optional('REDIS_URL'),
    // /metrics is on this port: keep it off the public ingress; with METRICS_TOKEN a scrape must also send it as a bearer token.
    metricsToken: env.optional('METRICS_TOKEN'),
    persistedQueryTtlSeconds: env.int('GATEWAY_PERSISTED_QUERY_TTL_SECONDS', DEFAULT_GATEWAY_OPTIONS.persistedQueryTtlSeconds, { min: 1 }),
    safelist: env.boolean('GATEWAY_SAFELIST', production)
      ? readSafelist(env.string('GATEWAY_SAFELIST_PATH', path.join(__dirname, '..', 'operations', 'safelist.json')))
      : undefined,
    rateLimitRequests: env.int('GATEWAY_RATE_LIMIT', 300),
    rateLimitAddressRequests: env.optional('GATEWAY_RATE_LIMIT_ADDRESS') === undefined ? undefined : env.int('GATEWAY_RATE_LIMIT_ADDRESS', 0),
    rateLimitWindowMs: env.int('GATEWAY_RATE_LIMIT_WINDOW_MS', DEFAULT_GATEWAY_OPTIONS.rateLimitWindowMs, { min: 1 }),
    trustedProxies: env.int('GATEWAY_TRUSTED_PROXIES', DEFAULT_GATEWAY_OPTIONS.trustedProxies),
    shutdownGraceMs: env.int('GATEWAY_SHUTDOWN_GRACE_MS', DEFAULT_GATEWAY_OPTIONS.shutdownGraceMs),
  });
  const running = await gateway.listen(env.port('GATEWAY_PORT', DEFAULT_PORTS.gateway), env.string('GATEWAY_HOST', '127.0.0.1'), tlsFromEnv(env));
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
  const env = new EnvReader(process.env);
  return runWorkers({
    workers: workerCount(process.env),
    graceMs: env.int('GATEWAY_SHUTDOWN_GRACE_MS', DEFAULT_GATEWAY_OPTIONS.shutdownGraceMs),
    log: createLogger('gateway', env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info')),
    start: main,
  });
}

startWorkers().catch((error) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
