import { generatePopulation } from '../../legacy/population';
import { startTaxStandIn, type RunningTaxStandIn } from '../../legacy/tax/standIn';
import type { UnstampedContext } from './callerContexts';
import { LegacyHttp } from '../../platform';
import type { RunningService, SubgraphRuntime } from '../../subgraphs/kit';
import { startTestRuntime } from './testRuntime';
import { buildTaxSubgraph } from '../../subgraphs/tax/server';
import { TaxSoapClient } from '../../subgraphs/tax/soapClient';

/** Shared by the tax subgraph's tests (not a test itself): the stand-in, the runtime, the subgraph, a caller. */

export type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
}

export interface TaxHarness {
  readonly standIn: RunningTaxStandIn;
  readonly test: TestRuntime;
  readonly subgraph: RunningService;
  /** Sends a query signed as `as`; `{ headers }` sends exactly those headers instead. */
  graphql(query: string, variables: Record<string, unknown>, as: UnstampedContext | { headers: Record<string, string> }): Promise<GraphQLAnswer>;
  /** Another tax subgraph on the same stand-in and runtime, with some runtime parts replaced. */
  another(overrides: Partial<SubgraphRuntime>): Promise<Pick<TaxHarness, 'graphql' | 'subgraph'>>;
  stop(): Promise<void>;
}

export async function startTaxHarness(options: { cache?: boolean; redisUrl?: string; legacyTimeoutMs?: number } = {}): Promise<TaxHarness> {
  const standIn = await startTaxStandIn({ population: generatePopulation() });
  const test = await startTestRuntime({ service: 'tax', cache: options.cache, redisUrl: options.redisUrl, today: TEST_TODAY });
  const running: RunningService[] = [];
  const start = async (runtime: SubgraphRuntime) => {
    const client = new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL: standIn.url, timeoutMs: options.legacyTimeoutMs ?? 3000 }) });
    const subgraph = await buildTaxSubgraph({ ...runtime, client }).listen(0);
    running.push(subgraph);
    const graphql: TaxHarness['graphql'] = async (query, variables, as) => {
      const headers = 'headers' in as ? as.headers : await test.keys.headersFor(as);
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GraphQLAnswer, 'status'>) };
    };
    return { subgraph, graphql };
  };
  const main = await start(test.runtime);
  return {
    standIn,
    test,
    ...main,
    another: (overrides) => start({ ...test.runtime, ...overrides }),
    async stop() {
      for (const service of running.reverse()) await service.stop();
      await test.stop();
      await standIn.close();
    },
  };
}

/** `_entities` for Citizen representations, with the given selection. */
/** The day every tax test runs on (the clock is pinned to it). */
export const TEST_TODAY = '2026-11-26';

export const ENTITIES_QUERY = (selection: string) =>
  `query Tax($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { cpr ${selection} } } }`;

export const representations = (cprs: readonly string[]) => ({ representations: cprs.map((cpr) => ({ __typename: 'Citizen', cpr })) });

export const CHANGE_MUTATION = `mutation Change($input: ChangePreliminaryIncomeInput!, $key: ID!) {
  changePreliminaryIncome(input: $input, idempotencyKey: $key) {
    receipt { changeId incomeYear expectedSalary { ore kroner } reason receivedAt }
    citizen { cpr }
    assessment { incomeYear expectedSalary { kroner } status lastChangeReason }
    channel
    exemptionUsed
  }
}`;
