import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ActingDirectoryClient } from '../../gateway/identity/ActingDirectoryClient';
import { type DevIssuer, loadDevIssuer } from '../../gateway/identity/devIssuer';
import { refuseDevIssuerUnlessAllowed } from '../../gateway/identity/devIssuerAllowed';
import { createTokenVerifier, type TokenVerifier } from '../../gateway/identity/verifyAccessToken';
import { DemoPersonaTokens } from '../../gateway/explorer/demoPersonas';
import { buildGateway, type GatewayOptions } from '../../gateway/server';
import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import type { FaultSettings } from '../../legacy/kit/faults';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { generatePopulation, type Population } from '../../legacy/population';
import { startTaxStandIn } from '../../legacy/tax/standIn';
import { buildBenefitsSubgraph } from '../../subgraphs/benefits/server';
import { buildCitizenSubgraph } from '../../subgraphs/citizen/server';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import { HousingClient } from '../../subgraphs/housing/housingClient';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';
import { buildCache, type CacheSettings, type Clock, systemClock, LegacyHttp, type Logger, openSqlClient, type LegacyResilienceOptions, type ReadThroughCache, type SqlClient } from '../../platform';
import { generateServiceCredential, generateContextKeys, serviceCatalogue } from '../../domain';
import { DEFAULT_PORTS } from '../../systems/ports';
import { IdempotencyStore, type RunningService, type SubgraphRuntime } from '../../subgraphs/kit';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import type { Registry } from 'prom-client';
import { createServiceRegistry, exposeCacheMetrics, LegacyCallMetrics, redisUpGauge } from '../../platform/metrics';
import { sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import { buildSelfserviceSubgraph } from '../../subgraphs/selfservice/server';
import { buildTaxSubgraph } from '../../subgraphs/tax/server';
import { TaxSoapClient } from '../../subgraphs/tax/soapClient';

export type LegacyName = 'cpr' | 'tax' | 'housing';

/** The subgraphs that write the access log and filings through selfservice. */
const FILING_SUBGRAPHS = ['citizen', 'tax', 'housing', 'benefits'];

export interface StackOptions {
  readonly logger: Logger;
  /** Per service; 0 picks a free port (tests). Defaults: DEFAULT_PORTS. */
  readonly ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
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

export interface RunningStack {
  readonly gatewayUrl: string;
  readonly standIns: Readonly<Record<LegacyName, RunningStandIn>>;
  readonly benefitsSql: SqlClient;
  readonly storeSql: SqlClient;
  readonly subgraphs: Readonly<Record<string, RunningService>>;
  readonly population: Population;
  readonly cache?: ReadThroughCache;
  readonly devIssuer: DevIssuer;
  /** The gateway's check of the development issuer's tokens, on the stack's clock (another gateway replica reuses it). */
  readonly verifyToken: TokenVerifier;
  readonly clock: Clock;
  /** Each service's own Prometheus registry (also at GET /metrics on its port). */
  readonly metrics: Readonly<Record<string, Registry>>;
  stop(): Promise<void>;
}

/**
 * Starts the whole graph in this process: the legacy stand-ins, the databases, the subgraphs
 * and the gateway, each on its own HTTP port, talking over real HTTP and SQL.
 * Used by `npm start`, the end-to-end tests and the benchmarks.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  // The stack always runs the development issuer, so it refuses, before starting anything, where NODE_ENV looks deployed.
  refuseDevIssuerUnlessAllowed(process.env.NODE_ENV, 'the in-process stack (npm start, tests, bench)');
  const { logger } = options;
  const host = options.host ?? '127.0.0.1';
  const port = (name: keyof typeof DEFAULT_PORTS) => options.ports?.[name] ?? DEFAULT_PORTS[name];
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
    const cpr = await startCprStandIn({ population, port: port('legacyCpr'), faults: options.legacyFaults?.cpr, clock });
    started.push({ stop: () => cpr.close() });
    const tax = await startTaxStandIn({ population, port: port('legacyTax'), faults: options.legacyFaults?.tax, clock });
    started.push({ stop: () => tax.close() });
    const housing = await startHousingStandIn({ population, port: port('legacyHousing'), faults: options.legacyFaults?.housing, clock });
    started.push({ stop: () => housing.close() });

    const pglite = (name: string) => (options.databaseUrl ? undefined : path.join(options.dataDir, name));
    const benefitsSql = options.benefitsSql ?? await openSqlClient({ system: 'benefits', databaseUrl: options.databaseUrl, dataDir: pglite('benefits') });
    const install = await installBenefitsDatabase(benefitsSql, population);
    logger.info('benefits database ready', { engine: benefitsSql.engine, seeded: install.seeded, seconds: install.seconds });
    const storeSql = options.storeSql ?? await openSqlClient({ system: 'selfservice', databaseUrl: options.databaseUrl, dataDir: pglite('store') });

    const keys = await generateContextKeys();
    const cache = options.cache === false ? undefined : buildCache({ ...(options.cache ?? {}), logger });
    if (cache) started.push({ stop: () => cache.close() });

    // One registry per service, as if each ran alone; the shared cache's counters go to the subgraph owning each legacy system.
    const metrics: Record<string, Registry> = Object.fromEntries(['gateway', 'selfservice', ...FILING_SUBGRAPHS].map((name) => [name, createServiceRegistry(name)]));
    const legacyMetrics = (name: string) => new LegacyCallMetrics(metrics[name]);
    if (cache) {
      const onRedis = Boolean(options.cache && options.cache.redisUrl);
      for (const [name, system] of [['citizen', 'cpr'], ['tax', 'tax'], ['housing', 'housing'], ['benefits', 'benefits']]) {
        exposeCacheMetrics(metrics[name], cache.metrics, [system]);
        if (onRedis) redisUpGauge(metrics[name], 'cache', () => cache.storeAvailable);
      }
    }
    const subgraphs: Record<string, RunningService> = {};
    const listen = async (name: string, server: { listen(port: number, host?: string): Promise<RunningService> }, p: number) => {
      subgraphs[name] = await server.listen(p, host);
      started.push(subgraphs[name]);
    };
    // Selfservice first: the others write the access log and filings through it, so it stops last.
    // Each subgraph proves its own name to selfservice's internal endpoints with a secret of its own.
    const credentials = Object.fromEntries(FILING_SUBGRAPHS.map((name) => [name, generateServiceCredential(name)]));
    // Selfservice's own register client (whether a power of attorney's holder exists), as deployed.
    const selfserviceCpr = new CprClient({ ...options.legacyResilience, baseURL: cpr.url, timeoutMs, metrics: legacyMetrics('selfservice') });
    started.push({ stop: async () => selfserviceCpr.close() });
    const register = registerLookup(selfserviceCpr);
    await listen('selfservice', buildSelfserviceSubgraph({ sql: storeSql, logger, contextPublicKey: keys.publicKey, services: Object.values(credentials), register, clock, metrics: metrics.selfservice }), port('selfservice'));
    const selfserviceBaseUrl = subgraphs.selfservice.url.replace(/\/graphql$/, '');
    const selfserviceFor = (name?: string) => new SelfserviceClient({ baseUrl: selfserviceBaseUrl, timeoutMs: 3000, credential: name ? credentials[name] : undefined });
    const catalogue = serviceCatalogue();
    const shared = { logger, contextPublicKey: keys.publicKey, cache, catalogue, idempotency: new IdempotencyStore(storeSql), clock, readiness: [sqlReadinessCheck('idempotency-store', storeSql)] };
    const runtimeOf = (name: string): SubgraphRuntime => ({ ...shared, selfservice: selfserviceFor(name), metrics: metrics[name] });
    await listen('citizen', buildCitizenSubgraph({ ...runtimeOf('citizen'), cprClient: new CprClient({ ...options.legacyResilience, baseURL: cpr.url, timeoutMs, metrics: legacyMetrics('citizen') }), delegations: selfserviceFor('citizen') }), port('citizen'));
    await listen('tax', buildTaxSubgraph({ ...runtimeOf('tax'), client: new TaxSoapClient({ http: new LegacyHttp({ ...options.legacyResilience, system: 'tax', baseURL: tax.url, timeoutMs, metrics: legacyMetrics('tax') }) }) }), port('tax'));
    await listen('housing', buildHousingSubgraph({ ...runtimeOf('housing'), client: new HousingClient(new LegacyHttp({ ...options.legacyResilience, system: 'housing', baseURL: housing.url, timeoutMs, metrics: legacyMetrics('housing') })) }), port('housing'));
    await listen('benefits', buildBenefitsSubgraph({ ...runtimeOf('benefits'), sql: benefitsSql }), port('benefits'));

    const devIssuer = await loadDevIssuer(options.dataDir, false, clock);
    const verifyToken = createTokenVerifier({ jwks: devIssuer.jwks, issuer: devIssuer.issuer, audience: devIssuer.audience, algorithms: ['ES256'], clock });
    const supergraphSdl = options.supergraphSdl ?? readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = await buildGateway({
      // The explorer with its persona switcher (the stack always runs the development issuer); options.gateway.explorer turns it off.
      explorer: { enabled: true, personas: new DemoPersonaTokens(devIssuer) },
      metricsRegistry: metrics.gateway,
      ...options.gateway,
      supergraphSdl,
      logger,
      identity: {
        verifyToken,
        directory: new ActingDirectoryClient({ selfservice: selfserviceFor(), citizenSubgraphUrl: subgraphs.citizen.url, catalogue, signingKey: keys.privateKey! }),
        signingKey: keys.privateKey!,
        clock,
      },
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
    }).listen(port('gateway'), host);
    started.push(gateway);

    return { gatewayUrl: gateway.url, standIns: { cpr, tax, housing }, benefitsSql, storeSql, subgraphs, population, cache, devIssuer, verifyToken, clock, metrics, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
