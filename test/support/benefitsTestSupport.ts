import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { generatePopulation } from '../../legacy/population';
import { startTestRuntime } from './testRuntime';
import { TEST_DATABASE_URL } from './testStack';
import type { UnstampedContext } from './callerContexts';
import { openThrowawaySchema, type RecordedQuery, type SqlClient } from '../../platform/sql';
import type { SubgraphRuntime } from '../../subgraphs/kit/runtime';
import { buildBenefitsSubgraph } from '../../subgraphs/benefits/server';

/**
 * For this folder's integration tests: the benefits database in a throwaway PostgreSQL schema
 * (every statement recorded), the real test runtime (selfservice, idempotency store, cache),
 * and the subgraph on a free port.
 */

export interface GraphQLResponse {
  readonly status: number;
  readonly data?: any;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** A statement the repository sent, by the name its leading comment gives it. */
export interface NamedStatement {
  readonly name: string;
  readonly params: readonly unknown[];
}

export function statementsOf(recorded: readonly RecordedQuery[]): NamedStatement[] {
  return recorded
    .map((q) => ({ name: /^\/\* benefits:(\w+) \*\//.exec(q.text)?.[1], params: q.params }))
    .filter((q): q is NamedStatement => q.name !== undefined);
}

export async function postGraphQL(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The day every benefits test runs on (the clock is pinned to it). */
export const TEST_TODAY = '2026-11-26';

export const entities = (cprs: readonly string[]) => cprs.map((cpr) => ({ __typename: 'Citizen', cpr }));

/** Without a cache unless asked (`cache: true` is in-process memory; `redisUrl` is Redis); `runtime` overrides parts. */
export async function startBenefitsForTests(options: { cache?: boolean; redisUrl?: string; runtime?: Partial<SubgraphRuntime> } = {}) {
  const test = await startTestRuntime({
    service: 'benefits',
    cache: options.cache ?? options.redisUrl !== undefined,
    redisUrl: options.redisUrl,
    today: TEST_TODAY,
  });
  const recorded: RecordedQuery[] = [];
  let sql: SqlClient & { schema: string };
  try {
    sql = await openThrowawaySchema({ system: 'benefits', databaseUrl: TEST_DATABASE_URL, prefix: 'benefits_test', onQuery: (q) => recorded.push(q) });
    await installBenefitsDatabase(sql, generatePopulation());
  } catch (error) {
    await test.stop();
    throw error;
  }
  recorded.length = 0;
  let selfserviceStopped = false;
  const service = await buildBenefitsSubgraph({ ...test.runtime, ...options.runtime, sql }).listen(0);
  return {
    ...test,
    url: service.url,
    /** The benefits database (the stand-in for the legacy system). */
    sql,
    /** Every statement sent to the benefits database since the last clear. */
    recorded,
    statements: () => statementsOf(recorded),
    clearRecorded: () => {
      recorded.length = 0;
    },
    /** Calls the subgraph as the gateway would for `caller`; without a caller, with no context at all. */
    async graphql(query: string, variables: Record<string, unknown> = {}, caller?: UnstampedContext): Promise<GraphQLResponse> {
      return postGraphQL(service.url, query, variables, caller ? await test.keys.headersFor(caller) : {});
    },
    /** Takes the access log away (the selfservice service), for fail-closed tests. */
    async stopSelfservice() {
      selfserviceStopped = true;
      await test.selfservice.stop();
    },
    /** Stops the subgraph (which drops the benefits schema) and the runtime. */
    async stop() {
      await service.stop();
      if (!selfserviceStopped) return test.stop();
      await test.idempotencySql.close();
      await test.runtime.cache?.close();
    },
  };
}

export type BenefitsTestHarness = Awaited<ReturnType<typeof startBenefitsForTests>>;
