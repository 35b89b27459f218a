import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ActingDirectoryClient } from '../../gateway/identity/ActingDirectoryClient';
import { type DevIssuer, loadDevIssuer } from '../../gateway/identity/devIssuer';
import { refuseDevIssuerUnlessAllowed } from '../../gateway/identity/devIssuerAllowed';
import { createTokenVerifier, type TokenVerifier } from '../../gateway/identity/verifyAccessToken';
import { DemoPersonaTokens } from '../../gateway/explorer/demoPersonas';
import { buildGateway, type GatewayOptions } from '../../gateway/server';
import type { FaultSettings } from '../../legacy/kit/faults';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import type { LegacySystemModule } from '../../legacy/kit/system';
import { generatePopulation, type Population } from '../../legacy/population';
import type { RunningTaxStandIn } from '../../legacy/tax/standIn';
import { type RunningService, IdempotencyStore, type SubgraphRuntime } from '../../subgraphs/kit';
import type { SubgraphWiring } from '../../subgraphs/kit/wiring';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import {
  buildCache,
  type CacheSettings,
  type Clock,
  systemClock,
  type LegacyHttpOptions,
  type Logger,
  openSqlClient,
  type LegacyResilienceOptions,
  type ReadThroughCache,
  type SqlClient,
} from '../../platform';
import { generateContextKeys, generateServiceCredential, serviceCatalogue, type ServiceCredential } from '../../domain';
import type { Registry } from 'prom-client';
import { createServiceRegistry, exposeCacheMetrics, LegacyCallMetrics, redisUpGauge } from '../../platform/metrics';
import { sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import { DEFAULT_PORTS, FILING_SUBGRAPHS, inStartOrder, legacyPortName, type PortName, SYSTEMS, type SystemEntry } from '../../systems';

/** A legacy system by its registry name ("cpr", "tax", "housing", "benefits", ...). */
export type LegacyName = string;

const ROOT = path.join(__dirname, '..', '..');
/** A system's parts are found by convention: legacy/<legacy name>/system.ts and subgraphs/<name>/wiring.ts. */
function legacyModule(name: string): LegacySystemModule {
  const module = require(path.join(ROOT, 'legacy', name, 'system')) as { system?: LegacySystemModule };
  if (!module.system) throw new Error(`legacy/${name}/system.ts must export "system" (see legacy/kit/system.ts)`);
  return module.system;
}
function subgraphWiring(name: string): SubgraphWiring {
  const module = require(path.join(ROOT, 'subgraphs', name, 'wiring')) as { wiring?: SubgraphWiring };
  if (!module.wiring) throw new Error(`subgraphs/${name}/wiring.ts must export "wiring" (see subgraphs/kit/wiring.ts)`);
  return module.wiring;
}

export interface StackOptions {
  readonly logger: Logger;
  /** Per service; 0 picks a free port (tests). Defaults: DEFAULT_PORTS. */
  readonly ports?: Partial<Record<PortName, number>>;
  readonly host?: string;
  readonly population?: Population;
  /** Where the development issuer keeps its key (and PGlite its data when no database is given). */
  readonly dataDir: string;
  /** The benefits legacy database: PostgreSQL (databaseUrl) or PGlite under dataDir. */
  readonly databaseUrl?: string;
  /** An already open benefits database (tests pass a throwaway schema); closed when the stack stops. */
  readonly benefitsSql?: SqlClient;
  /** The graph's own store (selfservice data, idempotency keys); closed when the stack stops. */
  readonly storeSql?: SqlClient;
  /** Cache settings (Redis URL, keys, TTLs); false turns the cache off. Default: in-process memory. */
  readonly cache?: Omit<CacheSettings, 'logger'> | false;
  readonly legacyTimeoutMs?: number;
  /** Retries and circuit breaker of every legacy client (LegacyHttpOptions); defaults: DEFAULT_LEGACY_HTTP_OPTIONS. */
  readonly legacyResilience?: Omit<LegacyResilienceOptions, 'timeoutMs'>;
  /** Gateway edge settings (limits, Redis, safelist, rate limit, ...); defaults: DEFAULT_GATEWAY_OPTIONS. */
  readonly gateway?: Partial<Omit<GatewayOptions, 'supergraphSdl' | 'logger' | 'identity' | 'subgraphUrls'>>;
  readonly legacyFaults?: Partial<Record<LegacyName, Partial<FaultSettings>>>;
  /** Defaults to schema/supergraph.graphql. */
  readonly supergraphSdl?: string;
  /** The one clock of the whole stack (tests pin it); default: the machine's. */
  readonly clock?: Clock;
}

/** Everything of the stack but the gateway (scripts/bench runs its gateways in processes of their own). */
export interface RunningBackends {
  /** The running stand-ins of the legacy systems that are servers, by legacy name. */
  readonly standIns: Readonly<Record<LegacyName, RunningStandIn>> & {
    readonly cpr: RunningStandIn;
    readonly tax: RunningTaxStandIn;
    readonly housing: RunningStandIn;
  };
  readonly benefitsSql: SqlClient;
  readonly storeSql: SqlClient;
  readonly subgraphs: Readonly<Record<string, RunningService>>;
  readonly population: Population;
  readonly cache?: ReadThroughCache;
  readonly devIssuer: DevIssuer;
  /** The caller-context pair the gateway signs with and every subgraph trusts (another replica of either reuses it). */
  readonly contextKeys: Awaited<ReturnType<typeof generateContextKeys>>;
  /** Each filing subgraph's credential for selfservice's internal endpoints (another replica of that subgraph reuses it). */
  readonly serviceCredentials: Readonly<Record<string, ServiceCredential>>;
  readonly clock: Clock;
  /** Each service's own Prometheus registry (also at GET /metrics on its port). */
  readonly metrics: Readonly<Record<string, Registry>>;
  stop(): Promise<void>;
}

export interface RunningStack extends RunningBackends {
  readonly gatewayUrl: string;
  /** The gateway's check of the development issuer's tokens, on the stack's clock (another gateway replica reuses it). */
  readonly verifyToken: TokenVerifier;
}

/**
 * Starts the whole graph in this process: the legacy stand-ins, the databases, the subgraphs
 * and the gateway, each on its own HTTP port, talking over real HTTP and SQL.
 * Used by `npm start`, the end-to-end tests and the benchmarks.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const backends = await startBackends(options);
  try {
    const { devIssuer, clock, subgraphs, contextKeys } = backends;
    const verifyToken = createTokenVerifier({ jwks: devIssuer.jwks, issuer: devIssuer.issuer, audience: devIssuer.audience, algorithms: ['ES256'], clock });
    const supergraphSdl = options.supergraphSdl ?? readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = await buildGateway({
      // The explorer with its persona switcher (the stack always runs the development issuer); options.gateway.explorer turns it off.
      explorer: { enabled: true, personas: new DemoPersonaTokens(devIssuer) },
      metricsRegistry: backends.metrics.gateway,
      ...options.gateway,
      supergraphSdl,
      logger: options.logger,
      identity: {
        verifyToken,
        directory: new ActingDirectoryClient({
          selfservice: new SelfserviceClient({ baseUrl: subgraphs.selfservice.url.replace(/\/graphql$/, ''), timeoutMs: 3000 }),
          citizenSubgraphUrl: subgraphs.citizen.url,
          catalogue: serviceCatalogue(),
          signingKey: contextKeys.privateKey!,
        }),
        signingKey: contextKeys.privateKey!,
        clock,
      },
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
    }).listen(options.ports?.gateway ?? DEFAULT_PORTS.gateway, options.host ?? '127.0.0.1');
    return {
      ...backends,
      gatewayUrl: gateway.url,
      verifyToken,
      // Front to back: the gateway stops taking requests before what it calls goes away.
      stop: async () => {
        await gateway.stop().catch((error) => options.logger.warn('stop failed', { message: String(error) }));
        await backends.stop();
      },
    };
  } catch (error) {
    await backends.stop();
    throw error;
  }
}

/** The stack without the gateway: the legacy stand-ins, the databases and the subgraphs, from the registry. */
export async function startBackends(options: StackOptions): Promise<RunningBackends> {
  // The stack always runs the development issuer, so it refuses, before starting anything, where NODE_ENV looks deployed.
  refuseDevIssuerUnlessAllowed(process.env.NODE_ENV, 'the in-process stack (npm start, tests, bench)');
  const { logger } = options;
  const host = options.host ?? '127.0.0.1';
  const port = (name: PortName) => options.ports?.[name] ?? DEFAULT_PORTS[name];
  const population = options.population ?? generatePopulation();
  const timeoutMs = options.legacyTimeoutMs ?? 5000;
  // One clock for every service of the stack, as one request must be judged by one date.
  const clock = options.clock ?? systemClock;
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    // Front to back: the gateway stops taking requests before what it calls goes away.
    for (const service of [...started].reverse()) await service.stop().catch((error) => logger.warn('stop failed', { message: String(error) }));
  };

  try {
    const systems = SYSTEMS as readonly SystemEntry[];
    // The legacy systems, in registry order: stand-ins that are servers start on their ports;
    // database systems get their schema and synthetic data (PostgreSQL at databaseUrl, else PGlite).
    const standIns: Record<string, RunningStandIn> = {};
    const legacySql: Record<string, SqlClient> = {};
    const pglite = (name: string) => (options.databaseUrl ? undefined : path.join(options.dataDir, name));
    for (const legacy of systems.flatMap((s) => (s.legacy ? [s.legacy] : []))) {
      const module = legacyModule(legacy.name);
      if (module.kind === 'server') {
        const running = await module.start({
          population,
          port: port(legacyPortName(legacy.name) as PortName),
          faults: options.legacyFaults?.[legacy.name],
          clock,
        });
        standIns[legacy.name] = running;
        started.push({ stop: () => running.close() });
      } else {
        const given = legacy.name === 'benefits' ? options.benefitsSql : undefined;
        const sql = given ?? (await openSqlClient({ system: legacy.name, databaseUrl: options.databaseUrl, dataDir: pglite(legacy.name) }));
        legacySql[legacy.name] = sql;
        const install = await module.install(sql, population);
        logger.info(`${legacy.name} database ready`, { engine: sql.engine, seeded: install.seeded, seconds: install.seconds });
      }
    }
    if (!standIns.cpr) throw new Error('the registry has no population register (legacy "cpr"); the graph cannot start without it');
    const storeSql = options.storeSql ?? (await openSqlClient({ system: 'selfservice', databaseUrl: options.databaseUrl, dataDir: pglite('store') }));

    const keys = await generateContextKeys();
    const cache = options.cache === false ? undefined : buildCache({ ...(options.cache ?? {}), logger });
    if (cache) started.push({ stop: () => cache.close() });

    // One registry per service, as if each ran alone; the shared cache's counters go to the subgraph owning each legacy system.
    const metrics: Record<string, Registry> = Object.fromEntries(['gateway', ...systems.map((s) => s.name)].map((name) => [name, createServiceRegistry(name)]));
    // One legacy-call observer per service (its registry holds each metric once).
    const observers = new Map<string, LegacyCallMetrics>();
    const legacyMetrics = (name: string) => observers.get(name) ?? observers.set(name, new LegacyCallMetrics(metrics[name])).get(name)!;
    if (cache) {
      const onRedis = options.cache !== false && Boolean(options.cache?.redisUrl);
      for (const s of systems) {
        if (!s.legacy) continue;
        exposeCacheMetrics(metrics[s.name], cache.metrics, [s.legacy.name]);
        if (onRedis) redisUpGauge(metrics[s.name], 'cache', () => cache.storeAvailable);
      }
    }
    const subgraphs: Record<string, RunningService> = {};
    // Each filing subgraph proves its own name to selfservice's internal endpoints with a secret of its own.
    const credentials = Object.fromEntries(FILING_SUBGRAPHS.map((name) => [name, generateServiceCredential(name)]));
    let selfserviceBaseUrl = '';
    const selfserviceFor = (name?: string) =>
      new SelfserviceClient({ baseUrl: selfserviceBaseUrl, timeoutMs: 3000, credential: name ? credentials[name] : undefined });
    const catalogue = serviceCatalogue();
    const shared = {
      logger,
      contextPublicKey: keys.publicKey,
      cache,
      catalogue,
      idempotency: new IdempotencyStore(storeSql),
      clock,
      readiness: [sqlReadinessCheck('idempotency-store', storeSql)],
    };
    const httpTo = (system: string, baseURL: string, metricsOf: string): LegacyHttpOptions => ({
      ...options.legacyResilience,
      system,
      baseURL,
      timeoutMs,
      logger,
      metrics: legacyMetrics(metricsOf),
    });
    // Selfservice first: the others write the access log and filings through it, so it stops last.
    const order = inStartOrder(systems);
    for (const system of order) {
      // The store itself is built before its URL is known and never calls itself: its runtime has no selfservice client.
      const runtime = (
        system.name === 'selfservice'
          ? Object.defineProperty({ ...shared, metrics: metrics[system.name] }, 'selfservice', {
              get: () => {
                throw new Error('selfservice does not call itself');
              },
            })
          : { ...shared, selfservice: selfserviceFor(credentials[system.name] ? system.name : undefined), metrics: metrics[system.name] }
      ) as SubgraphRuntime & { selfservice: SelfserviceClient };
      const server = subgraphWiring(system.name).build({
        runtime,
        legacyHttp: system.legacy && standIns[system.legacy.name] ? httpTo(system.legacy.name, standIns[system.legacy.name].url, system.name) : undefined,
        legacySql: system.legacy ? legacySql[system.legacy.name] : undefined,
        registerHttp: httpTo('cpr', standIns.cpr.url, system.name),
        store: storeSql,
        serviceCredentials: Object.values(credentials),
        onStop: (stop) => started.push({ stop: async () => stop() }),
      });
      subgraphs[system.name] = await server.listen(port(system.name as PortName), host);
      started.push(subgraphs[system.name]);
      if (system.name === 'selfservice') selfserviceBaseUrl = subgraphs.selfservice.url.replace(/\/graphql$/, '');
    }
    const benefitsSql = legacySql.benefits;

    const devIssuer = await loadDevIssuer(options.dataDir, false, clock);

    return {
      standIns: standIns as RunningBackends['standIns'],
      benefitsSql,
      storeSql,
      subgraphs,
      population,
      cache,
      devIssuer,
      contextKeys: keys,
      serviceCredentials: credentials,
      clock,
      metrics,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
