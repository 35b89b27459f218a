import type { SystemNames } from '../names';
import { legacyDataTs, legacyEntryFiles, legacySystemTs } from './legacyData';
import { clientClassName, type ProtocolTemplate, type TestHarness } from './protocol';
import { type ScaffoldPlan, tsString } from './subgraph';

/** config.ts of a subgraph over an HTTP legacy system: its settings, validated at start and documented (npm run config:doc). */
export function httpConfigTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  return `import { defineConfig, legacyResilienceSettings, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_LEGACY_HTTP_OPTIONS } from '../../platform/legacyHttp';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The ${name} subgraph's settings (subgraphs/${name}/main.ts). */
export const serviceConfig = defineConfig('subgraph ${name}', 'subgraphs/${name}/main.ts', ${tsString(`${plan.legacyTitle} as ${name} facts on Citizen.`)}, {
  ${upper}_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.${name}),
  ${upper}_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
  LEGACY_${upper}_URL: setting.url('The ${name} system.', \`http://127.0.0.1:\${DEFAULT_PORTS.legacy${pascal}}\`),
  LEGACY_${upper}_TIMEOUT_MS: setting.int('Timeout of one attempt to the ${name} system, ms.', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, { min: 1, max: 120_000 }),
  ...legacyResilienceSettings('${name}'),
  ...subgraphRuntimeSettings('${name}'),
  ...LOGGING_SETTINGS,
  ...SERVER_TLS_SETTINGS,
});
`;
}

/** main.ts of a subgraph over a legacy system spoken to over HTTP (rest, soap, fixed-width). */
export function httpMainTs(plan: ScaffoldPlan, clientModule: string): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  return `import { EnvReader, LegacyHttp, createLogger, resilienceFromEnv, runService, tlsFromEnv } from '../../platform';
import { startTracingFromEnv } from '../../platform/tracing';
import { runtimeFromEnv } from '../kit';
import { ${client} } from './${clientModule}';
import { serviceConfig } from './config';
import { ${upper}_SYSTEM } from './mapping';
import { build${pascal}Subgraph } from './server';

/**
 * The ${name} subgraph as a service: checks its settings once (./config.ts: ports, LEGACY_${upper}_URL,
 * LEGACY_${upper}_TIMEOUT_MS, retries and circuit breaker, cache TTLs in CACHE_POLICY_JSON "${name}.*";
 * docs/configuration.md), builds the subgraph, listens.
 */
runService('${name} subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-${name}'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime, retries); config has already checked every variable.
  const env = new EnvReader(process.env);
  const tls = tlsFromEnv(env);
  const logger = createLogger('${name}', config.LOG_LEVEL);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, '${name}', logger);
  const http = new LegacyHttp({
    ...resilienceFromEnv(env, ${upper}_SYSTEM), system: ${upper}_SYSTEM, baseURL: config.LEGACY_${upper}_URL, timeoutMs: config.LEGACY_${upper}_TIMEOUT_MS, logger, metrics: legacyMetrics,
  });
  const running = await build${pascal}Subgraph({ ...runtime, client: new ${client}({ http }) }).listen(config.${upper}_SUBGRAPH_PORT, config.${upper}_SUBGRAPH_HOST, tls);
  logger.info('${name} subgraph ready', { url: running.url });
  return async () => {
    await running.stop();
    await Promise.all([sql.close(), runtime.cache?.close()]);
  };
});
`;
}

export function httpWiringTs(plan: ScaffoldPlan, clientModule: string): string {
  const { pascal } = plan.names;
  const client = clientClassName(plan.names);
  return `import { LegacyHttp } from '../../platform/legacyHttp';
import type { SubgraphWiring } from '../kit/wiring';
import { ${client} } from './${clientModule}';
import { build${pascal}Subgraph } from './server';

/** How the local stack builds this subgraph (scripts/stack/startStack.ts): its client over the stack's transport to the stand-in. */
export const wiring: SubgraphWiring = {
  build: (parts) => build${pascal}Subgraph({ ...parts.runtime, client: new ${client}({ http: new LegacyHttp(parts.legacyHttp!) }) }),
};
`;
}

/** legacy/<name>/standIn.ts around a protocol's routes. */
export function httpStandInTs(plan: ScaffoldPlan, routesDoc: string, failure: string, imports: string): string {
  const { name, pascal } = plan.names;
  return `import { type Clock, danishDate, systemClock } from '../../platform/clock';
import type { FaultSettings } from '../kit/faults';
import { type RunningStandIn, startStandIn } from '../kit/standIn';
import type { Population } from '../population';
import { ${pascal}Ledger, type ${pascal}FilingRow } from './data';
${imports}
export interface ${pascal}StandInOptions {
  readonly population: Population;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The system's clock: the (Danish) date stamped on filings; tests pin it. */
  readonly clock?: Clock;
}

export interface Running${pascal}StandIn extends RunningStandIn {
  /** Every filing it received, oldest first. */
  filings(): readonly ${pascal}FilingRow[];
}

/**
 * Starts the stand-in for the ${name} system: ${routesDoc}
 * Its data is derived from the population (data.ts); the fault knobs and the call log are the
 * kit's (legacy/kit/standIn.ts).
 */
export async function start${pascal}StandIn(options: ${pascal}StandInOptions): Promise<Running${pascal}StandIn> {
  const ledger = new ${pascal}Ledger(options.population);
  const clock = options.clock ?? systemClock;
  const today = () => danishDate(clock.now());
  const running = await startStandIn(
    { name: '${name}', handle: (request) => route(ledger, today, request), failure: () => ${failure}, faults: options.faults },
    options.port ?? 0,
  );
  return Object.assign(running, { filings: () => ledger.filings() });
}
`;
}

/** The test harness of the HTTP protocols: the stand-in's call log counts the reads. */
export function httpHarness(lookupOperation: string, filingOperation: string): TestHarness {
  return {
    imports: (plan) => `import { LegacyHttp, PinnedClock } from '../../platform';
import { start${plan.names.pascal}StandIn, type Running${plan.names.pascal}StandIn } from '../../legacy/${plan.names.name}/standIn';
import { ${clientClassName(plan.names)} } from './${clientModuleOf(plan.names)}';`,
    declarations: (plan) => `let legacy: Running${plan.names.pascal}StandIn;
const makeClient = (timeoutMs = 2000) => new ${clientClassName(plan.names)}({ http: new LegacyHttp({ system: '${plan.names.name}', baseURL: legacy.url, timeoutMs, retries: 0 }) });`,
    setUp: (plan) => `legacy = await start${plan.names.pascal}StandIn({ population, clock: new PinnedClock(TODAY) });`,
    tearDown: () => 'await legacy.close();',
    lookups: () => `legacy.calls().filter((c) => c.operation === '${lookupOperation}').map((c) => c.keys)`,
    filings: () => `legacy.calls().filter((c) => c.operation === '${filingOperation}').length`,
    reset: () => 'legacy.resetCalls();\n    legacy.setFaults({ latencyMs: 0, down: false });',
    slow: () => 'legacy.setFaults({ latencyMs: 1500 });',
  };
}

function clientModuleOf(names: SystemNames): string {
  return `${names.name}Client`;
}

/**
 * A protocol spoken over HTTP (REST, SOAP, fixed-width records): what differs is the client, the
 * stand-in and the names of the lookup and filing calls the generated tests count.
 */
export function httpProtocol(parts: {
  readonly clientTs: (plan: ScaffoldPlan) => string;
  readonly standInTs: (plan: ScaffoldPlan) => string;
  readonly lookupOperation: string;
  readonly filingOperation: string;
}): ProtocolTemplate {
  return {
    clientFile: (names) => `${names.name}Client.ts`,
    clientModule: (names) => `${names.name}Client`,
    clientClass: clientClassName,
    clientTs: parts.clientTs,
    mainTs: (plan) => httpMainTs(plan, `${plan.names.name}Client`),
    configTs: httpConfigTs,
    wiringTs: (plan) => httpWiringTs(plan, `${plan.names.name}Client`),
    legacyFiles: (plan) => ({
      [`legacy/${plan.names.name}/data.ts`]: legacyDataTs(plan),
      [`legacy/${plan.names.name}/standIn.ts`]: parts.standInTs(plan),
      [`legacy/${plan.names.name}/system.ts`]: legacySystemTs(plan, 'server'),
      ...legacyEntryFiles(plan, 'server'),
    }),
    test: httpHarness(parts.lookupOperation, parts.filingOperation),
  };
}
