import net from 'node:net';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { HousingClient } from '../../subgraphs/housing/housingClient';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';
import { IdempotencyStore, type RunningService } from '../../subgraphs/kit';
import { LegacyHttp, openSqlClient } from '../../platform';
import { selfContext } from '../support/callerContexts';
import { startTestRuntime } from '../support/testRuntime';

/**
 * postgres-down-on-write: when the database that holds idempotency keys is unreachable, a
 * filing is refused with a clear, retryable error before anything reaches the legacy system,
 * so no filing is made that a retry could not recognise. A retry after recovery files once.
 */
describe('postgres-down-on-write', () => {
  let standIn: RunningStandIn;
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let deadPort: number;

  beforeAll(async () => {
    standIn = await startHousingStandIn({ population: generatePopulation(), port: 0 });
    runtime = await startTestRuntime({ service: 'housing', cache: false, today: '2026-11-26' });
    deadPort = await closedPort();
  }, 60_000);
  afterAll(async () => {
    await runtime?.stop();
    await standIn?.close();
  });

  const APPLY = `mutation($input: HousingBenefitApplicationInput!, $key: ID!) {
    applyForHousingBenefit(input: $input, idempotencyKey: $key) { application { applicationNumber } } }`;
  const input = {
    cpr: personaCpr('bent'),
    dwellingType: 'RENTED_APARTMENT',
    monthlyRentKroner: '4000.00',
    areaSquareMetres: 50,
    residents: 1,
    annualHouseholdIncomeKroner: '150000',
  };

  async function subgraphWith(idempotency: IdempotencyStore): Promise<RunningService> {
    const client = new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: standIn.url, timeoutMs: 2000 }) });
    return buildHousingSubgraph({ ...runtime.runtime, idempotency, client }).listen(0);
  }

  async function apply(subgraph: RunningService) {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await runtime.keys.headersFor(selfContext('bent'))) },
      body: JSON.stringify({ query: APPLY, variables: { input, key: 'bent-pg-down-1' } }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] };
  }

  it('refuses the filing with LEGACY_UNAVAILABLE naming the store, and the housing system receives nothing', async () => {
    const deadSql = await openSqlClient({ system: 'graph-store', databaseUrl: `postgres://postgres@127.0.0.1:${deadPort}/test`, connectTimeoutMs: 500 });
    const subgraph = await subgraphWith(new IdempotencyStore(deadSql));
    try {
      standIn.resetCalls();
      const answer = await apply(subgraph);
      expect(answer.data?.applyForHousingBenefit ?? null).toBeNull();
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'graph-store' });
      expect(standIn.calls().filter((c) => c.operation === 'IndgivAnsoegning')).toEqual([]);
    } finally {
      await subgraph.stop();
      await deadSql.close().catch(() => undefined);
    }
  });

  it('a retry with the same key once the database is back files exactly once', async () => {
    const subgraph = await subgraphWith(runtime.runtime.idempotency);
    try {
      standIn.resetCalls();
      const first = await apply(subgraph);
      const again = await apply(subgraph);
      expect(first.errors).toBeUndefined();
      expect(again.data).toEqual(first.data);
      expect(standIn.calls().filter((c) => c.operation === 'IndgivAnsoegning')).toHaveLength(1);
    } finally {
      await subgraph.stop();
    }
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
