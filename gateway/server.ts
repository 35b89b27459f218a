import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Cluster, Redis } from 'ioredis';
import { createFormatError, createHttpHandler, type Logger, type RequestInfo, serveHttp, type ServerTls } from '../platform';
import type { RunningService } from '../subgraphs/kit';
import { MAX_CONTEXT_TTL_SECONDS } from '../domain/caller/signing';
import { apolloReportingOff } from '../platform/apolloReportingOff';
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';
import { createMetricsRoute, createServiceRegistry, operationMetricsPlugin, redisUpGauge, SubgraphFetchMetrics } from '../platform/metrics';
import { ReadinessChecks } from '../platform/readiness/ReadinessChecks';
import { flushTracing, graphqlSpanPlugin } from '../platform/tracing';
import { connected, createRedisClient } from '../platform/redisClient';
import type { GatewayContext } from './context';
import { SubgraphDataSource } from './datasources/SubgraphDataSource';
import { createExplorerRoutes, type ExplorerOptions } from './explorer/explorerRoutes';
import { gatewayTelemetryOff } from './gatewayTelemetryOff';
import { createGatewayContext, type IdentityOptions } from './identity/createGatewayContext';
import { STANDARD_INTROSPECTION_DEPTH } from './limits/selectionDepth';
import { persistedQueryRequestError } from './persisted/persistedQueryErrors';
import { RedisKeyValueCache } from './persisted/RedisKeyValueCache';
import type { Safelist } from './persisted/Safelist';
import { SafelistQueryStore } from './persisted/SafelistQueryStore';
import { createAccessDirectivesPlugin } from './plugins/useAccessDirectives';
import { createGraphQLOverHttpStatusPlugin } from './plugins/useGraphQLOverHttpStatus';
import { operationLimits, withQueryLimitCode } from './plugins/useOperationLimits';
import { createOperationResolutionPlugin } from './plugins/useOperationResolution';
import { createPersistedQueryPersonalDataPlugin } from './plugins/usePersistedQueryPersonalData';
import { RATE_LIMITED, type RateLimitInputs, rateLimitAdmission, withRateLimit } from './plugins/useRateLimit';
import { createSafelistPlugin } from './plugins/useSafelist';
import { scalarValidation, withArgumentErrorCode } from './plugins/useScalarValidation';
import { createStaleDataPlugin } from './plugins/useStaleDataExtension';
import { MemoryRateLimitStore } from './rateLimit/MemoryRateLimitStore';
import { RateLimiter } from './rateLimit/RateLimiter';
import { RedisRateLimitStore } from './rateLimit/RedisRateLimitStore';
import { clientAddressOf, createRequestScope } from './requestScope';
import { shareIdenticalRequests, sharingVerdictPlugin } from './inbound/shareIdenticalRequests';
import { supergraphForGateway } from './supergraphForGateway';
import { type SubgraphClientTls, subgraphDispatcher } from './subgraphTls';

export interface GatewayOptions {
  /** The composed supergraph SDL (from schema/supergraph.graphql or a schema registry). */
  readonly supergraphSdl: string;
  readonly logger: Logger;
  /** Token verification, acting-for decisions and caller-context signing. */
  readonly identity: IdentityOptions;
  /** Overrides of the routing URLs baked into the supergraph, by subgraph name. */
  readonly subgraphUrls?: Readonly<Record<string, string>>;

  // Subgraph calls
  /** Per-subgraph call timeout, milliseconds. */
  readonly subgraphTimeoutMs?: number;
  /** Sockets kept open to each subgraph host. */
  readonly maxSocketsPerSubgraph?: number;
  /** For https:// subgraph URLs: the CA to trust and the client certificate to present (mutual TLS). */
  readonly subgraphTls?: SubgraphClientTls;

  // Requests
  /** Largest request body, bytes; larger is HTTP 413 PAYLOAD_TOO_LARGE. */
  readonly maxBodyBytes?: number;
  /** JSON arrays of operations in one HTTP request: off unless configured. */
  readonly allowBatchedHttpRequests?: boolean;
  /**
   * Identical requests in flight at once (same credentials, headers and body) run once and share the
   * answer: queries only, answered without errors, and for a signed-in caller only when nothing was
   * access-logged (inbound/shareIdenticalRequests.ts). On by default.
   */
  readonly shareIdenticalRequests?: boolean;
  /** Introspection on; off by default in production (main.ts). */
  readonly introspection?: boolean;
  /** The bundled GraphiQL explorer (gateway/explorer), never Apollo's CDN-loaded landing page; off unless given. */
  readonly explorer?: ExplorerOptions;

  // Operation limits (QUERY_TOO_COMPLEX, extensions.limit names which; introspection counts too)
  /** Fields deep, on the flattened selection (fragments add no level). */
  readonly maxDepth?: number;
  /** Fields deep through __schema / __type; the default lets graphql-js's standard introspection query through. */
  readonly maxIntrospectionDepth?: number;
  /** Aliases per operation, __typename included. */
  readonly maxAliases?: number;
  readonly maxTokens?: number;
  readonly maxDirectives?: number;
  /**
   * Cost: about the number of values an answer can hold; pages at the size asked (at most their
   * documented maximum), other lists at assumedListSize (gateway/limits). One documented page of 100
   * with every field costs about 1,300, the standard introspection query about 8,900, the README's
   * Overview about 180; a list of 100 citizens with 100 payments each about 30,000.
   */
  readonly maxCost?: number;
  /** Length the cost model assumes for a list no argument bounds (a citizen's children, claims). */
  readonly assumedListSize?: number;
  /** Validation errors returned for one document; one more says the rest were cut. */
  readonly maxValidationErrors?: number;
  /** Hide "Did you mean ...?" in errors; on in production (main.ts). */
  readonly hideFieldSuggestions?: boolean;

  // Shared state across replicas
  /** Redis for automatic persisted queries and rate-limit counters; without it, in-process memory per replica. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key the gateway writes. */
  readonly redisKeyPrefix?: string;
  readonly redisCommandTimeoutMs?: number;

  // Persisted operations
  /** How long an automatically persisted query is kept, seconds. */
  readonly persistedQueryTtlSeconds?: number;
  /** Safelist mode: only these registered operations run (PERSISTED_QUERY_NOT_IN_SAFELIST otherwise). */
  readonly safelist?: Safelist;

  // Rate limit (HTTP 429 RATE_LIMITED with Retry-After): before any token verification by client address
  // and by token hash (address when anonymous), then by token subject
  /** Requests per token, per subject and per anonymous address per window; 0 turns every limit off. */
  readonly rateLimitRequests?: number;
  readonly rateLimitWindowMs?: number;
  /** Requests per client address per window, whatever tokens they carry (an office shares one); default 10 x rateLimitRequests, 0 = none. */
  readonly rateLimitAddressRequests?: number;
  /** Load balancers in front that append to X-Forwarded-For; 0 trusts only the socket's address. */
  readonly trustedProxies?: number;

  // Metrics (GET /metrics on the gateway's own port; keep it off the public ingress)
  /** This instance's Prometheus registry; default: a new one, never prom-client's global registry. */
  readonly metricsRegistry?: Registry;
  /** When set, GET /metrics also needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  readonly metricsToken?: string;

  // Shutdown
  /** How long stop() lets requests in flight finish before cutting their connections. */
  readonly shutdownGraceMs?: number;
}

export const DEFAULT_GATEWAY_OPTIONS = {
  subgraphTimeoutMs: 10_000,
  maxSocketsPerSubgraph: 64,
  maxBodyBytes: 100_000,
  allowBatchedHttpRequests: false,
  shareIdenticalRequests: true,
  introspection: true,
  maxDepth: 8,
  maxIntrospectionDepth: STANDARD_INTROSPECTION_DEPTH,
  maxAliases: 15,
  maxTokens: 1000,
  maxDirectives: 50,
  maxCost: 12_000,
  assumedListSize: 5,
  maxValidationErrors: 10,
  hideFieldSuggestions: false,
  redisKeyPrefix: 'citizen-graph:gateway:',
  redisCommandTimeoutMs: 250,
  persistedQueryTtlSeconds: 86_400,
  // Off for in-process stacks (tests, bench, load runs); the deployed gateway (main.ts) turns it on.
  rateLimitRequests: 0,
  rateLimitWindowMs: 60_000,
  trustedProxies: 0,
  shutdownGraceMs: 10_000,
} as const;

export interface Gateway {
  /** With tls, the gateway itself serves HTTPS. */
  listen(port: number, host?: string, tls?: ServerTls): Promise<RunningService>;
}

/** Builds the gateway: Apollo Server over @apollo/gateway on a static supergraph. No side effects. */
export function buildGateway(options: GatewayOptions): Gateway {
  const settings = checkedSettings({ ...DEFAULT_GATEWAY_OPTIONS, ...withoutUndefined(options) } as Settings);
  const logger = options.logger;
  const dispatcher = subgraphDispatcher(settings, settings.subgraphTls);
  const metrics = options.metricsRegistry ?? createServiceRegistry('gateway');
  const subgraphFetchMetrics = new SubgraphFetchMetrics(metrics);
  const rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused with RATE_LIMITED (HTTP 429)', registers: [metrics] });
  const sharedRequests = new Counter({
    name: 'gateway_requests_shared_total',
    help: 'Requests answered with an identical request in flight (inbound sharing) instead of running',
    registers: [metrics],
  });
  // Before the constructor reads it: no cloud-metadata probes, no host metrics sent to Apollo.
  gatewayTelemetryOff();
  const gateway = new ApolloGateway({
    // With @authenticated / @requiresScopes, which createAccessDirectivesPlugin enforces, marked as enforced.
    supergraphSdl: supergraphForGateway(options.supergraphSdl),
    buildService: ({ name, url }) => {
      const subgraphUrl = options.subgraphUrls?.[name] ?? url ?? missingUrl(name);
      const overTls = subgraphUrl.startsWith('https:');
      if (settings.subgraphTls && !overTls) logger.warn('subgraph called over plain HTTP although subgraph TLS is configured', { subgraph: name });
      return new SubgraphDataSource({ name, url: subgraphUrl, timeoutMs: settings.subgraphTimeoutMs, dispatcher, metrics: subgraphFetchMetrics });
    },
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  // Created, not connected: listen() connects and stop() closes.
  const redis = settings.redisUrl ? createRedisClient(settings.redisUrl, settings.redisCommandTimeoutMs, true) : undefined;
  if (redis) redisUpGauge(metrics, 'gateway', () => redis.status === 'ready');
  const requestScope = createRequestScope();
  const limits = operationLimits(settings, options.supergraphSdl);
  const scalars = scalarValidation(options.supergraphSdl);
  const formatError = createFormatError(logger, () => requestScope.getStore()?.requestId);

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: settings.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: settings.hideFieldSuggestions,
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: settings.allowBatchedHttpRequests,
    validationRules: [...limits.validationRules, scalars.validationRule],
    validationOptions: limits.validationOptions,
    parseOptions: limits.parseOptions,
    persistedQueries: {
      ttl: settings.persistedQueryTtlSeconds,
      // Safelist mode: the manifest is the store; otherwise Redis shares APQ across replicas (Apollo's in-memory LRU without it).
      ...(settings.safelist
        ? { cache: new SafelistQueryStore(settings.safelist) }
        : // Apollo Server adds "apq:" to every key: Redis keys are <redisKeyPrefix>apq:<sha256>.
          redis
          ? { cache: new RedisKeyValueCache({ client: redis, prefix: settings.redisKeyPrefix, logger }) }
          : {}),
    },
    formatError: (formatted, error) => {
      const persisted = persistedQueryRequestError(formatted);
      // The client's mistake, not ours: no error line, no stack.
      if (persisted) logger.debug('malformed persisted query extension', { requestId: requestScope.getStore()?.requestId, code: persisted.extensions?.code });
      return formatError(persisted ?? withArgumentErrorCode(withQueryLimitCode(formatted), error), error);
    },
    plugins: [
      ...apolloReportingOff<GatewayContext>(),
      operationMetricsPlugin<GatewayContext>(metrics),
      graphqlSpanPlugin<GatewayContext>(),
      // Apollo's landing page loads from a CDN; the explorer is served from our own bundle instead.
      ApolloServerPluginLandingPageDisabled(),
      createOperationResolutionPlugin(),
      sharingVerdictPlugin<GatewayContext>(),
      ...limits.plugins,
      // Safelist mode registers nothing at run time; otherwise nothing CPR-shaped may be stored as a persisted query.
      ...(settings.safelist ? [createSafelistPlugin(settings.safelist)] : [createPersistedQueryPersonalDataPlugin()]),
      // The supergraph's @authenticated / @requiresScopes, before planning: anonymous callers reach public fields only.
      createAccessDirectivesPlugin(options.supergraphSdl),
      // Every argument value, CPR numbers and dates included, before any subgraph is asked.
      scalars.plugin,
      createStaleDataPlugin(),
      createGraphQLOverHttpStatusPlugin(),
    ],
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });

  // A caller context lives no longer than the request's deadline at one subgraph (seconds, not tens of seconds).
  const contextTtlSeconds = Math.min(MAX_CONTEXT_TTL_SECONDS, Math.max(1, Math.ceil(settings.subgraphTimeoutMs / 1000)));
  const identityContext = createGatewayContext({ contextTtlSeconds, ...options.identity });
  const scopedContext = async (info: RequestInfo): Promise<GatewayContext> => {
    const scope = requestScope.getStore();
    if (scope) scope.requestId = info.requestId;
    const context = await identityContext(info);
    const sharing = scope?.sharing;
    if (!sharing) return context;
    sharing.authenticated = context.caller !== undefined;
    sharing.subject = context.caller?.actor.id;
    return { ...context, sharing };
  };
  const rateLimiter =
    settings.rateLimitRequests > 0
      ? new RateLimiter({
          store: redis ? new RedisRateLimitStore(redis, `${settings.redisKeyPrefix}rate:`) : new MemoryRateLimitStore(),
          limit: settings.rateLimitRequests,
          windowMs: settings.rateLimitWindowMs,
          logger,
        })
      : undefined;
  const rateLimitInputs: RateLimitInputs<{ headers: RequestInfo['headers'] }> = {
    clientAddressOf: () => requestScope.getStore()?.clientAddress ?? 'unknown',
    authorizationOf: (info) => info.headers.get('authorization'),
    addressLimit: settings.rateLimitAddressRequests ?? settings.rateLimitRequests * 10,
  };
  const limitedContext = rateLimiter ? withRateLimit(scopedContext, rateLimiter, rateLimitInputs) : undefined;
  const admission = rateLimiter ? rateLimitAdmission(rateLimiter, rateLimitInputs) : undefined;
  const sharing = settings.shareIdenticalRequests
    ? shareIdenticalRequests({
        clock: options.identity.clock,
        attach: (verdict) => {
          const scope = requestScope.getStore();
          if (scope) scope.sharing = verdict;
        },
        admit: admission
          ? async (request, subject) => {
              await admission.beforeWork(request);
              if (subject) await admission.subject(subject);
            }
          : undefined,
        onShared: () => sharedRequests.inc(),
      })
    : undefined;
  const context = limitedContext
    ? (info: RequestInfo) =>
        limitedContext(info).catch((error: unknown) => {
          if ((error as { extensions?: { code?: unknown } }).extensions?.code === RATE_LIMITED) rateLimited.inc();
          throw error;
        })
    : scopedContext;
  // Ready once the supergraph is loaded (apollo.start); subgraph and Redis health are metrics, not readiness:
  // a subgraph down fails its fields only, and Redis only ever has a fallback.
  const readiness = new ReadinessChecks([], { registry: metrics });
  const metricsRoute = createMetricsRoute(metrics, options.metricsToken);
  let ready = false;

  return {
    async listen(port, host = '127.0.0.1', tls) {
      if (redis) {
        await redis.connect().catch(() => undefined);
        if (!(await connected(redis, 2000)))
          logger.warn('redis not reachable at start; persisted queries and rate limits fall back until it is', { url: redactedUrl(settings.redisUrl!) });
      }
      await apollo.start();
      ready = true;
      const handler = createHttpHandler<GatewayContext>({
        apollo,
        maxBodyBytes: settings.maxBodyBytes,
        ready: async () => ready && (await readiness.verdict()).ready,
        context,
        share: sharing?.share,
        // Every request starts its own trace: the public edge does not continue a client's traceparent.
        tracing: { service: 'gateway', continueCallerTrace: false },
      });
      const explorer = createExplorerRoutes(options.explorer ?? { enabled: false });
      const service = await serveHttp(
        async (req, res) => {
          if (await metricsRoute(req, res)) return;
          if (await explorer(req, res)) return;
          return requestScope.run({ clientAddress: clientAddressOf(req, settings.trustedProxies) }, () => handler(req, res));
        },
        { port, host, logger, tls },
      );
      logger.info('gateway listening', { port: service.port, safelist: settings.safelist?.size, rateLimit: settings.rateLimitRequests || 'off' });
      return {
        url: `${service.baseUrl}/graphql`,
        port: service.port,
        async stop() {
          ready = false;
          await service.close(settings.shutdownGraceMs);
          await apollo.stop();
          await dispatcher.close();
          await closeRedis(redis);
          await flushTracing();
        },
      };
    },
  };
}

type Settings = Required<Pick<GatewayOptions, keyof typeof DEFAULT_GATEWAY_OPTIONS>> & Omit<GatewayOptions, keyof typeof DEFAULT_GATEWAY_OPTIONS>;

/** Each option checked at build, so a bad value fails at start with the option's name. */
function checkedSettings(settings: Settings): Settings {
  const wholeAtLeast = (key: keyof Settings, min: number) => {
    const value = settings[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
      throw new Error(`buildGateway: ${key} must be a whole number >= ${min}, got ${String(value)}`);
  };
  for (const key of [
    'subgraphTimeoutMs',
    'maxSocketsPerSubgraph',
    'maxBodyBytes',
    'maxDepth',
    'maxIntrospectionDepth',
    'maxAliases',
    'maxTokens',
    'maxDirectives',
    'maxCost',
    'assumedListSize',
    'maxValidationErrors',
    'redisCommandTimeoutMs',
    'persistedQueryTtlSeconds',
    'rateLimitWindowMs',
  ] as const) {
    wholeAtLeast(key, 1);
  }
  for (const key of ['rateLimitRequests', 'trustedProxies', 'shutdownGraceMs'] as const) wholeAtLeast(key, 0);
  if (settings.rateLimitAddressRequests !== undefined) wholeAtLeast('rateLimitAddressRequests', 0);
  if (settings.redisUrl !== undefined && !/^(redis|rediss|redis\+cluster):\/\//.test(settings.redisUrl)) {
    throw new Error('buildGateway: redisUrl must start with redis://, rediss:// or redis+cluster://');
  }
  return settings;
}

async function closeRedis(client: Redis | Cluster | undefined): Promise<void> {
  if (!client) return;
  await client.quit().catch(() => client.disconnect());
}

function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

function missingUrl(name: string): never {
  throw new Error(`subgraph "${name}" has no routing URL in the supergraph and none was configured (subgraphUrls.${name})`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
