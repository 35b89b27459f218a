import type { UnstampedContext } from './callerContexts';
import { LegacyHttp } from '../../platform';
import { startTestRuntime } from './testRuntime';
import { HousingClient } from '../../subgraphs/housing/housingClient';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';

/** Shared by the housing subgraph's integration tests (not a test itself). */

/** The date the tests file on: housing benefit is mandatory digital (since 2014-12-01). */
export const TEST_TODAY = '2026-02-03';

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
}

export type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;

/** The housing subgraph on a free port over `legacyUrl`, with a real test runtime (selfservice, idempotency store, cache). */
export async function startHousingForTests(legacyUrl: string, options: { cache?: boolean; redisUrl?: string; timeoutMs?: number } = {}) {
  const runtime = await startTestRuntime({ service: 'housing', cache: options.cache, redisUrl: options.redisUrl, today: TEST_TODAY });
  const client = new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: legacyUrl, timeoutMs: options.timeoutMs ?? 2000 }) });
  const subgraph = await buildHousingSubgraph({ ...runtime.runtime, client }).listen(0);
  return {
    runtime,
    subgraph,
    /** Posts GraphQL to the subgraph: signed as `as`, with raw headers, or with no context at all (null). */
    async gql(query: string, variables: Record<string, unknown>, as: UnstampedContext | Record<string, string> | null): Promise<GraphQLAnswer> {
      const headers = as === null ? {} : 'actor' in as ? await runtime.keys.headersFor(as as UnstampedContext) : (as as Record<string, string>);
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    /** Stops the subgraph and the runtime; pass selfserviceStopped when a test stopped it already. */
    async stop(selfserviceStopped = false): Promise<void> {
      await subgraph.stop();
      if (!selfserviceStopped) return runtime.stop();
      await runtime.idempotencySql.close();
      await runtime.runtime.cache?.close();
    },
  };
}

export type HousingForTests = Awaited<ReturnType<typeof startHousingForTests>>;

/** `_entities` for Citizen stubs. */
export function representations(cprs: readonly string[]) {
  return cprs.map((cpr) => ({ __typename: 'Citizen', cpr }));
}

export function codes(answer: GraphQLAnswer): unknown[] {
  return (answer.errors ?? []).map((e) => e.extensions?.code);
}
