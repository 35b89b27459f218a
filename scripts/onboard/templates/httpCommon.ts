import type { SystemNames } from '../names';
import { clientClassName, type TestHarness } from './protocol';
import type { ScaffoldPlan } from './subgraph';

/** main.ts of a subgraph over a legacy system spoken to over HTTP (rest, soap, fixed-width). */
export function httpMainTs(plan: ScaffoldPlan, clientModule: string): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  return `import { DEFAULT_LEGACY_HTTP_OPTIONS, EnvReader, LegacyHttp, type LogLevel, createLogger, resilienceFromEnv, tlsFromEnv } from '../../platform';
import { DEFAULT_PORTS } from '../../systems/ports';
import { runtimeFromEnv } from '../kit';
import { ${client} } from './${clientModule}';
import { ${upper}_SYSTEM } from './mapping';
import { build${pascal}Subgraph } from './server';

/**
 * The ${name} subgraph as a service. ${upper}_SUBGRAPH_PORT (default from the registry),
 * LEGACY_${upper}_URL, LEGACY_${upper}_TIMEOUT_MS, and the resilience settings of resilienceFromEnv
 * (retries, circuit breaker: see docs/onboarding.md). Caller-context key, cache (CACHE_POLICY_JSON
 * "${name}.*" for this system's TTLs), selfservice and idempotency store: see runtimeFromEnv.
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const port = env.port('${upper}_SUBGRAPH_PORT', DEFAULT_PORTS.${name});
  const host = env.string('${upper}_SUBGRAPH_HOST', '127.0.0.1');
  const tls = tlsFromEnv(env);
  const baseURL = env.url('LEGACY_${upper}_URL', \`http://127.0.0.1:\${DEFAULT_PORTS.legacy${pascal}}\`);
  const timeoutMs = env.int('LEGACY_${upper}_TIMEOUT_MS', DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs, { min: 1, max: 120_000 });
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');

  const logger = createLogger('${name}', logLevel);
  const { runtime, sql, legacyMetrics } = await runtimeFromEnv(env, '${name}', logger);
  const client = new ${client}({ http: new LegacyHttp({ ...resilienceFromEnv(env, ${upper}_SYSTEM), system: ${upper}_SYSTEM, baseURL, timeoutMs, logger, metrics: legacyMetrics }) });
  const running = await build${pascal}Subgraph({ ...runtime, client }).listen(port, host, tls);
  logger.info('${name} subgraph ready', { url: running.url });
  const stop = () => void running.stop()
    .then(() => Promise.all([sql.close(), runtime.cache?.close()]))
    .then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(\`${name} subgraph failed to start: \${error instanceof Error ? error.message : String(error)}\\n\`);
  process.exit(1);
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
    reset: () => "legacy.resetCalls();\n    legacy.setFaults({ latencyMs: 0, down: false });",
    slow: () => 'legacy.setFaults({ latencyMs: 1500 });',
  };
}

function clientModuleOf(names: SystemNames): string {
  return `${names.name}Client`;
}
