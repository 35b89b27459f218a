import { randomBytes } from 'node:crypto';
import { PERSONAS, personaCpr } from '../../legacy/population';
import { openThrowawaySchema, type SqlClient } from '../../platform';
import { parsePrometheusText, sampleSum } from '../support/prometheusText';
import { startTestStack, TEST_DATABASE_URL, type TestStack } from '../support/testStack';

/** /metrics (Prometheus) on every service, and /ready following what each cannot work without. */
const OVERVIEW = `query Overview { me { name { full } preliminaryIncomeAssessment(year: 2026) { status } housingBenefit { status } } }`;

const baseOf = (url: string) => url.replace(/\/graphql$/, '');
const servicesOf = (stack: TestStack): Record<string, string> => ({
  gateway: baseOf(stack.gatewayUrl),
  ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, baseOf(s.url)])),
});
const metricsOf = async (base: string) => {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
};
const statusOf = async (url: string) => (await fetch(url)).status;

async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A store that fails every statement while `down`, as a database that went away would. */
function switchableStore(sql: SqlClient): { sql: SqlClient; down: boolean } {
  const state = { down: false, sql: undefined as unknown as SqlClient };
  state.sql = new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => (state.down ? Promise.reject(new Error('store unavailable')) : value.apply(target, args));
    },
  });
  return state;
}

describe('metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it('metrics-exposed: request counter per operation, subgraph fetch and legacy call histograms, cache counters', async () => {
    for (let i = 0; i < 3; i++) expect((await stack.as('ingrid')(OVERVIEW)).body.errors).toBeUndefined();
    const services = servicesOf(stack);

    const gateway = parsePrometheusText(await metricsOf(services.gateway));
    expect(sampleSum(gateway, 'graphql_requests_total', { service: 'gateway', operation: 'Overview', outcome: 'success' })).toBe(3);
    expect(sampleSum(gateway, 'graphql_request_duration_seconds_count', { operation: 'Overview' })).toBe(3);
    expect(sampleSum(gateway, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'tax', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(sampleSum(gateway, 'gateway_subgraph_fetch_errors_total')).toBe(0);

    const tax = parsePrometheusText(await metricsOf(services.tax));
    expect(sampleSum(tax, 'graphql_requests_total', { service: 'tax' })).toBeGreaterThanOrEqual(3);
    expect(sampleSum(tax, 'legacy_call_duration_seconds_count', { system: 'tax', outcome: 'success' })).toBe(1);
    expect(sampleSum(tax, 'legacy_circuit_state', { system: 'tax' })).toBe(0);
    expect(sampleSum(tax, 'cache_events_total', { system: 'tax', event: 'miss' })).toBe(1);
    expect(sampleSum(tax, 'cache_events_total', { system: 'tax', event: 'hit' })).toBe(2);
    // Each service its own registry: the tax subgraph shows no gateway series.
    expect(sampleSum(tax, 'gateway_subgraph_fetch_duration_seconds_count')).toBe(0);
  });

  it('metrics-no-personal-data: no CPR number in any label, whatever the operation is named or asks', async () => {
    const bent = personaCpr('bent');
    await stack.as('caseworker-laesoe', bent)(`query Bent${bent} { citizen(cpr: "${bent}") { name { full } } }`);
    await stack.as('caseworker-aarhus')(`query { citizen(cpr: "${personaCpr('ingrid')}") { name { full } housingBenefit { status } } }`);
    await stack.graphql(`query ${'x'.repeat(70)} { services { code } }`);
    const cprs = PERSONAS.flatMap((p) => (p.cpr ? [p.cpr] : []));
    for (const [service, base] of Object.entries(servicesOf(stack))) {
      const text = await metricsOf(base);
      for (const cpr of cprs) expect({ service, leaks: text.includes(cpr) || text.includes(cpr.slice(0, 6)) }).toEqual({ service, leaks: false });
      const cprShapedLabels = parsePrometheusText(text)
        .flatMap((s) => Object.values(s.labels))
        .filter((v) => /\d{6}-?\d{4}/.test(v));
      expect({ service, cprShapedLabels }).toEqual({ service, cprShapedLabels: [] });
    }
    const gateway = parsePrometheusText(await metricsOf(servicesOf(stack).gateway));
    expect(sampleSum(gateway, 'graphql_requests_total', { operation: 'other' })).toBe(2);
    expect(sampleSum(gateway, 'graphql_requests_total', { operation: 'anonymous' })).toBe(1);
  });
});

describe('readiness', () => {
  it('ready-follows-store: selfservice and the filing subgraphs are 503 while the store is down, live all along, ready again after', async () => {
    const store = switchableStore(await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'e2e_store' }));
    const stack = await startTestStack({ storeSql: store.sql });
    try {
      const { gateway, selfservice, tax } = servicesOf(stack);
      for (const base of [gateway, selfservice, tax]) expect(await statusOf(`${base}/ready`)).toBe(200);
      store.down = true;
      await eventually(async () => (await statusOf(`${selfservice}/ready`)) === 503);
      await eventually(async () => (await statusOf(`${tax}/ready`)) === 503);
      expect(await (await fetch(`${selfservice}/ready`)).json()).toEqual({ status: 'not ready' });
      for (const base of [selfservice, tax]) expect(await statusOf(`${base}/health`)).toBe(200);
      // The gateway is ready once its supergraph is loaded: a subgraph down fails its own fields only.
      expect(await statusOf(`${gateway}/ready`)).toBe(200);
      const metrics = parsePrometheusText(await metricsOf(selfservice));
      expect(sampleSum(metrics, 'readiness_check_up', { check: 'selfservice-store' })).toBe(0);
      store.down = false;
      await eventually(async () => (await statusOf(`${selfservice}/ready`)) === 200);
      await eventually(async () => (await statusOf(`${tax}/ready`)) === 200);
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('ready-redis-only-when-required: with Redis unreachable (cache and gateway fall back) and on the embedded default, every service is ready', async () => {
    const deadRedis = 'redis://127.0.0.1:1';
    const encryptionKeys = `t${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;
    const withDeadRedis = await startTestStack({ cache: { redisUrl: deadRedis, encryptionKeys }, gateway: { redisUrl: deadRedis } });
    try {
      for (const [service, base] of Object.entries(servicesOf(withDeadRedis)))
        expect({ service, status: await statusOf(`${base}/ready`) }).toEqual({ service, status: 200 });
      expect(sampleSum(parsePrometheusText(await metricsOf(servicesOf(withDeadRedis).gateway)), 'redis_up', { use: 'gateway' })).toBe(0);
      expect(sampleSum(parsePrometheusText(await metricsOf(servicesOf(withDeadRedis).tax)), 'redis_up', { use: 'cache' })).toBe(0);
    } finally {
      await withDeadRedis.stop();
    }
    const embedded = await startTestStack();
    try {
      for (const [service, base] of Object.entries(servicesOf(embedded)))
        expect({ service, status: await statusOf(`${base}/ready`) }).toEqual({ service, status: 200 });
      expect(await metricsOf(servicesOf(embedded).gateway)).not.toContain('redis_up');
    } finally {
      await embedded.stop();
    }
  }, 90_000);
});
