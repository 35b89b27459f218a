import { defineConfig, LOGGING_SETTINGS, NODE_ENV_SETTING, SERVER_TLS_SETTINGS, setting } from '../platform/config';
import { DEFAULT_PORTS } from '../systems/ports';
import { DEFAULT_GATEWAY_OPTIONS as D } from './server';

const limit = (description: string, fallback: number) => setting.int(description, fallback, { min: 1 });

/** The gateway's settings (gateway/main.ts): identity, the edge, Redis, TLS, workers. */
export const serviceConfig = defineConfig(
  'gateway',
  'gateway/main.ts',
  'the GraphQL gateway: verifies tokens, signs caller contexts, plans over the subgraphs.',
  {
    GATEWAY_PORT: setting.port('Port the gateway listens on.', DEFAULT_PORTS.gateway),
    GATEWAY_HOST: setting.text('Address the gateway binds (0.0.0.0 in a container).', '127.0.0.1'),
    GATEWAY_WORKERS: setting.optionalInt(
      'Gateway processes sharing the port (node:cluster); 1 runs the gateway in this process alone. Workers share rate limits and persisted queries only through REDIS_URL.',
      { min: 1, max: 256, documented: 'one per core' },
    ),
    ...NODE_ENV_SETTING,
    ...LOGGING_SETTINGS,
    // Identity
    OIDC_ISSUER: setting.optional("The identity provider's issuer; tokens from anyone else are refused. Required unless GATEWAY_DEV_ISSUER=true.", {
      type: 'URL',
    }),
    OIDC_AUDIENCE: setting.optional('The audience tokens must name (required with OIDC_ISSUER).'),
    OIDC_JWKS_URL: setting.optionalUrl('Where the provider publishes its signing keys (required with OIDC_ISSUER).'),
    OIDC_ALGORITHMS: setting.text('Accepted token signature algorithms, comma-separated (pinned).', 'RS256'),
    GATEWAY_DEV_ISSUER: setting.boolean(
      'The development issuer (demo personas, keys under DATA_DIR) instead of OIDC; refused unless NODE_ENV is unset, development or test.',
      false,
    ),
    DATA_DIR: setting.text('Where the development issuer keeps its key.', 'data'),
    CALLER_CONTEXT_PRIVATE_KEY: setting.required('Ed25519 private key (JWK) that signs caller contexts; the subgraphs get the public half (`npm run keys`).', {
      secret: true,
      type: 'JWK',
    }),
    // Subgraphs
    SUPERGRAPH_PATH: setting.optional('The composed supergraph SDL.', { type: 'file path', documented: 'schema/supergraph.graphql next to the code' }),
    'SUBGRAPH_URL_<NAME>': setting.optional(
      "Overrides the supergraph's routing URL of one subgraph, e.g. SUBGRAPH_URL_TAX (checked as a URL by subgraphUrlsFromEnv).",
      { type: 'URL', documented: "the supergraph's URL" },
    ),
    GATEWAY_SUBGRAPH_TIMEOUT_MS: limit('Deadline of one subgraph fetch, ms (caller contexts live no longer).', D.subgraphTimeoutMs),
    SUBGRAPH_TLS_CA_FILE: setting.optional("PEM CA that signs the subgraphs' certificates (https:// subgraphs).", { type: 'file path' }),
    SUBGRAPH_TLS_CLIENT_CERT_FILE: setting.optional('PEM client certificate for mutual TLS to the subgraphs.', { type: 'file path' }),
    SUBGRAPH_TLS_CLIENT_KEY_FILE: setting.optional('PEM private key for SUBGRAPH_TLS_CLIENT_CERT_FILE.', { type: 'file path' }),
    SELFSERVICE_URL: setting.url('The selfservice subgraph (powers of attorney for acting-for checks).', `http://127.0.0.1:${DEFAULT_PORTS.selfservice}`),
    SELFSERVICE_TIMEOUT_MS: limit('Timeout of a call to selfservice, ms.', 3000),
    // The edge
    GATEWAY_INTROSPECTION: setting.optionalBoolean('Schema introspection.', 'off when NODE_ENV=production, else on'),
    GATEWAY_FIELD_SUGGESTIONS: setting.optionalBoolean('"Did you mean" field suggestions in validation errors.', 'off when NODE_ENV=production, else on'),
    GATEWAY_EXPLORER: setting.optionalBoolean(
      'The bundled GraphiQL at /explorer (persona switcher only with the development issuer).',
      'off when NODE_ENV=production, else on',
    ),
    GATEWAY_BATCHED_REQUESTS: setting.boolean('Batched HTTP requests (an array of operations in one POST).', D.allowBatchedHttpRequests),
    GATEWAY_SHARE_IDENTICAL_REQUESTS: setting.boolean(
      'Identical requests in flight at once (same credentials, headers and body) run once and share the answer: queries answered without errors, and for a signed-in caller only when nothing was access-logged.',
      D.shareIdenticalRequests,
    ),
    GATEWAY_MAX_BODY_BYTES: limit('Largest request body, bytes.', D.maxBodyBytes),
    GATEWAY_MAX_DEPTH: limit('Deepest selection allowed.', D.maxDepth),
    GATEWAY_MAX_INTROSPECTION_DEPTH: limit('Deepest introspection query allowed.', D.maxIntrospectionDepth),
    GATEWAY_MAX_ALIASES: limit('Most aliases in one operation.', D.maxAliases),
    GATEWAY_MAX_TOKENS: limit('Most tokens in one document.', D.maxTokens),
    GATEWAY_MAX_DIRECTIVES: limit('Most directives in one operation.', D.maxDirectives),
    GATEWAY_MAX_COST: limit('Highest estimated cost of one operation.', D.maxCost),
    GATEWAY_ASSUMED_LIST_SIZE: limit('List size the cost estimate assumes where none is known.', D.assumedListSize),
    GATEWAY_MAX_VALIDATION_ERRORS: limit('Validation errors reported before giving up.', D.maxValidationErrors),
    GATEWAY_SAFELIST: setting.optionalBoolean('Only operations in the safelist run (persisted operations).', 'on when NODE_ENV=production, else off'),
    GATEWAY_SAFELIST_PATH: setting.optional('The safelist manifest (`npm run safelist`).', {
      type: 'file path',
      documented: 'operations/safelist.json next to the code',
    }),
    GATEWAY_PERSISTED_QUERY_TTL_SECONDS: limit('Lifetime of an automatically persisted query, s.', D.persistedQueryTtlSeconds),
    GATEWAY_RATE_LIMIT: setting.int('Requests per token, subject or anonymous address per window; 0 turns rate limiting off.', 300),
    GATEWAY_RATE_LIMIT_ADDRESS: setting.optionalInt('Requests per client address per window, whatever its tokens.', { documented: '10 x GATEWAY_RATE_LIMIT' }),
    GATEWAY_RATE_LIMIT_WINDOW_MS: limit('Rate-limit window, ms.', D.rateLimitWindowMs),
    GATEWAY_TRUSTED_PROXIES: setting.int(
      'Load balancers in front that append to X-Forwarded-For (the client address is read that many entries from the right).',
      D.trustedProxies,
    ),
    GATEWAY_SHUTDOWN_GRACE_MS: setting.int('Time requests in flight get to finish on SIGTERM, ms.', D.shutdownGraceMs),
    REDIS_URL: setting.optionalUrl('Redis shared by replicas and workers: persisted queries and rate limits (in-process without it).', { secret: true }),
    METRICS_TOKEN: setting.optional('With it, a scrape of /metrics must send it as a bearer token (keep /metrics off the public ingress anyway).', {
      secret: true,
    }),
    ...SERVER_TLS_SETTINGS,
  },
);

export type GatewayConfig = ReturnType<typeof serviceConfig.load>;
