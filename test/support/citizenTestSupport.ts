import { LegacyHttp } from '../../platform/legacyHttp';
import { generatePopulation } from '../../legacy/population';
import { startCprStandIn } from '../../legacy/cpr/standIn';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { startTestRuntime } from './testRuntime';
import type { RunningService, SubgraphRuntime } from '../../subgraphs/kit';
import type { UnstampedContext } from './callerContexts';
import { CprClient } from '../../domain/register/cprClient';
import { buildCitizenSubgraph } from '../../subgraphs/citizen/server';

/** Shared by the citizen subgraph's integration tests (not a test itself). */

export const TEST_TODAY = '2026-11-26';

export interface GraphQLResponse {
  readonly status: number;
  readonly data?: any;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export type CitizenTestService = Awaited<ReturnType<typeof startCitizenForTests>>;

/**
 * The register stand-in and the citizen subgraph on free ports, with a real runtime (selfservice
 * for the access log and filings, idempotency keys in PostgreSQL, an in-process cache unless
 * `cache: false`). `runtime` overrides parts of it (a broken cache, ...).
 */
export async function startCitizenForTests(options: { cache?: boolean; runtime?: (runtime: SubgraphRuntime) => SubgraphRuntime } = {}) {
  const population = generatePopulation();
  const test = await startTestRuntime({ service: 'citizen', cache: options.cache, today: TEST_TODAY });
  const standIn: RunningStandIn = await startCprStandIn({ population });
  const runtime = options.runtime ? options.runtime(test.runtime) : test.runtime;
  const service: RunningService = await buildCitizenSubgraph({
    ...runtime,
    cprClient: new CprClient({ http: new LegacyHttp({ baseURL: standIn.url, timeoutMs: 2000, system: 'cpr' }) }),
    delegations: test.selfservice.client,
  }).listen(0);

  /** Posts a query signed as `as`; `headers` replaces the signed context when given (forged, missing). */
  async function graphql(
    query: string,
    variables: Record<string, unknown>,
    as: UnstampedContext | { headers: Record<string, string> },
  ): Promise<GraphQLResponse> {
    const auth = 'headers' in as ? as.headers : await test.keys.headersFor(as);
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
  }

  let selfserviceStopped = false;
  return {
    population,
    standIn,
    service,
    runtime,
    selfservice: test.selfservice,
    idempotencySql: test.idempotencySql,
    keys: test.keys,
    graphql,
    /** The CPR numbers of each register lookup, in order. */
    lookups: () =>
      standIn
        .calls()
        .filter((c) => c.operation === 'PersonLookup')
        .map((c) => c.keys),
    /** Rows of the access log, for assertions. */
    accessLog: async () => (await test.selfservice.accessLog()).rows,
    /** Takes the selfservice (access log, filings) down, as in an outage. */
    async stopSelfservice() {
      await test.selfservice.stop();
      selfserviceStopped = true;
    },
    async stop() {
      await service.stop();
      await standIn.close();
      if (!selfserviceStopped) return test.stop();
      await test.idempotencySql.close();
      await test.runtime.cache?.close();
    },
  };
}
