import type { JWK } from 'jose';
import { type DevIssuer, loadDevIssuer } from '../../gateway/identity/devIssuer';
import { refuseDevIssuerUnlessAllowed } from '../../gateway/identity/devIssuerAllowed';
import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import type { FaultSettings } from '../../legacy/kit/faults';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import type { Population } from '../../legacy/population';
import { startTaxStandIn } from '../../legacy/tax/standIn';
import { buildBenefitsSubgraph } from '../../subgraphs/benefits/server';
import { buildCitizenSubgraph } from '../../subgraphs/citizen/server';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import { HousingClient } from '../../subgraphs/housing/housingClient';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';
import { buildCache, type CacheSettings, systemClock, LegacyHttp, type Logger, type ReadThroughCache, type SqlClient } from '../../platform';
import { generateServiceCredential, generateContextKeys, serviceCatalogue } from '../../domain';
import { acceptBenchStaticContexts, generateBenchContextKeys, signBenchStaticContext } from '../../domain/caller/benchStaticContext';
import type { CallerContext } from '../../domain/caller/types';
import { IdempotencyStore, type RunningService, type SubgraphRuntime } from '../../subgraphs/kit';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import { createServiceRegistry } from '../../platform/metrics';
import { sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import { buildSelfserviceSubgraph } from '../../subgraphs/selfservice/server';
import { buildTaxSubgraph } from '../../subgraphs/tax/server';
import { TaxSoapClient } from '../../subgraphs/tax/soapClient';

/**
 * What the bench measures behind the gateways: the legacy stand-ins, the databases and the
 * subgraphs, wired as scripts/stack/startStack.ts wires them, but without a gateway, because the
 * gateways (ours as `gateway/main.ts` runs it, with a worker per core, and the peers) run in
 * processes of their own. Unlike startStack it hands out the caller-context key pair (our gateway
 * process signs with the private half) and, with the explicit bench flag, accepts the bench's static
 * caller contexts for the peers (domain/caller/benchStaticContext.ts).
 */
export interface BenchStackOptions {
  readonly logger: Logger;
  readonly population: Population;
  readonly dataDir: string;
  readonly benefitsSql: SqlClient;
  readonly storeSql: SqlClient;
  readonly cache: Omit<CacheSettings, 'logger'>;
  readonly legacyFaults: Partial<Record<'cpr' | 'tax' | 'housing', Partial<FaultSettings>>>;
}

export interface BenchStack {
  readonly standIns: Readonly<Record<'cpr' | 'tax' | 'housing', RunningStandIn>>;
  readonly subgraphs: Readonly<Record<string, RunningService>>;
  readonly cache: ReadThroughCache;
  readonly devIssuer: DevIssuer;
  /** The gateway's signing key (CALLER_CONTEXT_PRIVATE_KEY for gateway/main.ts). */
  readonly contextPrivateJwk: JWK;
  /** Signs a static context for the peers with the bench's own key, for one subgraph, valid two hours. */
  signStatic(context: CallerContext, audience: string): Promise<string>;
  stop(): Promise<void>;
}

const FILING_SUBGRAPHS = ['citizen', 'tax', 'housing', 'benefits'];

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  refuseDevIssuerUnlessAllowed(process.env.NODE_ENV, 'the bench stack');
  const { logger, population } = options;
  const host = '127.0.0.1';
  const clock = systemClock;
  const timeoutMs = 5000;
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of [...started].reverse()) await service.stop().catch((error) => logger.warn('stop failed', { message: String(error) }));
  };
  try {
    const cpr = await startCprStandIn({ population, port: 0, faults: options.legacyFaults.cpr, clock });
    started.push({ stop: () => cpr.close() });
    const tax = await startTaxStandIn({ population, port: 0, faults: options.legacyFaults.tax, clock });
    started.push({ stop: () => tax.close() });
    const housing = await startHousingStandIn({ population, port: 0, faults: options.legacyFaults.housing, clock });
    started.push({ stop: () => housing.close() });
    await installBenefitsDatabase(options.benefitsSql, population);
    started.push({ stop: () => options.benefitsSql.close() }, { stop: () => options.storeSql.close() });

    const keys = await generateContextKeys();
    const bench = await generateBenchContextKeys();
    // The explicit bench flag is checked here (and NODE_ENV=production refused) by the domain module itself.
    acceptBenchStaticContexts(bench.publicKey);
    const cache = buildCache({ ...options.cache, logger });
    started.push({ stop: () => cache.close() });

    const metrics = Object.fromEntries(['selfservice', ...FILING_SUBGRAPHS].map((name) => [name, createServiceRegistry(name)]));
    const subgraphs: Record<string, RunningService> = {};
    const listen = async (name: string, server: { listen(port: number, host?: string): Promise<RunningService> }) => {
      subgraphs[name] = await server.listen(0, host);
      started.push(subgraphs[name]);
    };
    const credentials = Object.fromEntries(FILING_SUBGRAPHS.map((name) => [name, generateServiceCredential(name)]));
    const selfserviceCpr = new CprClient({ http: new LegacyHttp({ system: 'cpr', baseURL: cpr.url, timeoutMs }) });
    started.push({ stop: async () => selfserviceCpr.close() });
    await listen(
      'selfservice',
      buildSelfserviceSubgraph({
        sql: options.storeSql,
        logger,
        contextPublicKey: keys.publicKey,
        services: Object.values(credentials),
        register: registerLookup(selfserviceCpr),
        clock,
        metrics: metrics.selfservice,
      }),
    );
    const selfserviceBaseUrl = subgraphs.selfservice.url.replace(/\/graphql$/, '');
    const selfserviceFor = (name: string) => new SelfserviceClient({ baseUrl: selfserviceBaseUrl, timeoutMs: 3000, credential: credentials[name] });
    const shared = {
      logger,
      contextPublicKey: keys.publicKey,
      cache,
      catalogue: serviceCatalogue(),
      idempotency: new IdempotencyStore(options.storeSql),
      clock,
      readiness: [sqlReadinessCheck('idempotency-store', options.storeSql)],
    };
    const runtimeOf = (name: string): SubgraphRuntime => ({ ...shared, selfservice: selfserviceFor(name), metrics: metrics[name] });
    await listen(
      'citizen',
      buildCitizenSubgraph({
        ...runtimeOf('citizen'),
        cprClient: new CprClient({ http: new LegacyHttp({ system: 'cpr', baseURL: cpr.url, timeoutMs }) }),
        delegations: selfserviceFor('citizen'),
      }),
    );
    await listen(
      'tax',
      buildTaxSubgraph({ ...runtimeOf('tax'), client: new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL: tax.url, timeoutMs }) }) }),
    );
    await listen(
      'housing',
      buildHousingSubgraph({
        ...runtimeOf('housing'),
        client: new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: housing.url, timeoutMs }) }),
      }),
    );
    await listen('benefits', buildBenefitsSubgraph({ ...runtimeOf('benefits'), sql: options.benefitsSql }));

    const devIssuer = await loadDevIssuer(options.dataDir, false, clock);
    return {
      standIns: { cpr, tax, housing },
      subgraphs,
      cache,
      devIssuer,
      contextPrivateJwk: keys.privateJwk,
      signStatic: (context, audience) => signBenchStaticContext(context, bench.privateKey, { audience, operation: 'query' }, 2 * 3600),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
