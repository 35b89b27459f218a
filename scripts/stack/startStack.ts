import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGateway } from '../../gateway/server';
import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import type { FaultSettings } from '../../legacy/kit/faults';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { generatePopulation, type Population } from '../../legacy/population';
import { startTaxStandIn } from '../../legacy/tax/standIn';
import { buildBenefitsSubgraph } from '../../subgraphs/benefits/server';
import { buildCitizenSubgraph } from '../../subgraphs/citizen/server';
import { CprClient } from '../../subgraphs/citizen/cprClient';
import { HousingClient } from '../../subgraphs/housing/housingClient';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';
import { DEFAULT_PORTS, LegacyHttp, type Logger, openSqlClient, type RunningService, type SqlClient } from '../../subgraphs/kit';
import { buildTaxSubgraph } from '../../subgraphs/tax/server';
import { TaxSoapClient } from '../../subgraphs/tax/soapClient';

export type LegacyName = 'cpr' | 'tax' | 'housing';

export interface StackOptions {
  readonly logger: Logger;
  /** Per service; 0 picks a free port (tests). Defaults: DEFAULT_PORTS. */
  readonly ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  readonly host?: string;
  readonly population?: Population;
  /** The benefits legacy database: PostgreSQL (databaseUrl, schema) or PGlite (dataDir; in memory if neither). */
  readonly benefitsDatabase?: { databaseUrl?: string; dataDir?: string; schema?: string };
  /** An already open benefits database (tests pass a throwaway schema); closed when the stack stops. */
  readonly benefitsSql?: SqlClient;
  readonly legacyTimeoutMs?: number;
  readonly legacyFaults?: Partial<Record<LegacyName, Partial<FaultSettings>>>;
  /** Defaults to schema/supergraph.graphql. */
  readonly supergraphSdl?: string;
}

export interface RunningStack {
  readonly gatewayUrl: string;
  readonly standIns: Readonly<Record<LegacyName, RunningStandIn>>;
  readonly benefitsSql: SqlClient;
  readonly subgraphs: Readonly<Record<string, RunningService>>;
  readonly population: Population;
  stop(): Promise<void>;
}

/**
 * Starts the whole graph in this process: the legacy stand-ins, the benefits database, the
 * subgraphs and the gateway, each on its own HTTP port, talking over real HTTP and SQL.
 * Used by `npm start`, the end-to-end tests and the benchmarks.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { logger } = options;
  const host = options.host ?? '127.0.0.1';
  const port = (name: keyof typeof DEFAULT_PORTS) => options.ports?.[name] ?? DEFAULT_PORTS[name];
  const population = options.population ?? generatePopulation();
  const timeoutMs = options.legacyTimeoutMs ?? 5000;
  const started: { stop(): Promise<void> }[] = [];

  try {
    const cpr = await startCprStandIn({ population, port: port('legacyCpr'), faults: options.legacyFaults?.cpr });
    started.push({ stop: () => cpr.close() });
    const tax = await startTaxStandIn({ population, port: port('legacyTax'), faults: options.legacyFaults?.tax });
    started.push({ stop: () => tax.close() });
    const housing = await startHousingStandIn({ population, port: port('legacyHousing'), faults: options.legacyFaults?.housing });
    started.push({ stop: () => housing.close() });

    const db = options.benefitsDatabase ?? {};
    const benefitsSql = options.benefitsSql
      ?? await openSqlClient({ system: 'benefits', databaseUrl: db.databaseUrl, dataDir: db.databaseUrl ? undefined : db.dataDir, schema: db.schema });
    const install = await installBenefitsDatabase(benefitsSql, population);
    logger.info('benefits database ready', { engine: benefitsSql.engine, seeded: install.seeded, seconds: install.seconds });

    const subgraphs: Record<string, RunningService> = {};
    const listen = async (name: string, server: { listen(port: number, host?: string): Promise<RunningService> }, p: number) => {
      subgraphs[name] = await server.listen(p, host);
      started.push(subgraphs[name]);
    };
    await listen('citizen', buildCitizenSubgraph({ cprClient: new CprClient({ baseURL: cpr.url, timeoutMs }), logger }), port('citizen'));
    await listen('tax', buildTaxSubgraph({ client: new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL: tax.url, timeoutMs }) }), logger }), port('tax'));
    await listen('housing', buildHousingSubgraph({ client: new HousingClient(new LegacyHttp({ system: 'housing', baseURL: housing.url, timeoutMs })), logger }), port('housing'));
    await listen('benefits', buildBenefitsSubgraph({ sql: benefitsSql, logger }), port('benefits'));

    const supergraphSdl = options.supergraphSdl ?? readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = await buildGateway({
      supergraphSdl,
      logger,
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
    }).listen(port('gateway'), host);
    started.push(gateway);

    return {
      gatewayUrl: gateway.url,
      standIns: { cpr, tax, housing },
      benefitsSql,
      subgraphs,
      population,
      async stop() {
        // Front to back: the gateway stops taking requests before what it calls goes away.
        for (const service of [...started].reverse()) await service.stop();
      },
    };
  } catch (error) {
    for (const service of [...started].reverse()) await service.stop().catch(() => undefined);
    throw error;
  }
}
