import { randomUUID } from 'node:crypto';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { asIfInCaseload, caseworkerContext, selfContext, type UnstampedContext } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
import { LegacyHttp, PinnedClock } from '../../platform';
import { startDaycareStandIn, type RunningDaycareStandIn } from '../../legacy/daycare/standIn';
import { DaycareClient } from './daycareClient';
import { buildDaycareSubgraph } from './server';

/**
 * Generated with the subgraph (npm run onboard): it passes before any hand edit. Keep these as the
 * mapping changes; add a test per field and per rule the agency adds.
 */
const TODAY = '2026-11-26';
const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const karen = personaCpr('karen');

/** A caseworker of Aarhus who may read daycare data (the domain's own scope). */
const READER = caseworkerContext('caseworker-aarhus', undefined, ['daycare:read']);

const READ = `query Read($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Citizen { cpr daycare { status since municipalityCode } } }
}`;

interface Answer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

let legacy: RunningDaycareStandIn;
const makeClient = (timeoutMs = 2000) => new DaycareClient({ http: new LegacyHttp({ system: 'daycare', baseURL: legacy.url, timeoutMs, retries: 0 }) });

function representations(cprs: readonly string[]) {
  return cprs.map((cpr) => ({ __typename: 'Citizen', cpr }));
}

/** The subgraph on a free port over the stand-in, with a real test runtime. */
async function startSubgraph(options: { cache?: boolean; timeoutMs?: number } = {}) {
  const runtime = await startTestRuntime({ service: 'daycare', cache: options.cache, today: TODAY });
  const running = await buildDaycareSubgraph({ ...runtime.runtime, client: makeClient(options.timeoutMs) }).listen(0);
  return {
    runtime,
    async gql(query: string, variables: Record<string, unknown>, as: UnstampedContext): Promise<Answer> {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await runtime.keys.headersFor(as)) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await running.stop();
      await runtime.stop();
    },
  };
}

describe('daycare subgraph over its stand-in', () => {
  let subgraph: Awaited<ReturnType<typeof startSubgraph>>;

  beforeAll(async () => {
    legacy = await startDaycareStandIn({ population, clock: new PinnedClock(TODAY) });
    subgraph = await startSubgraph({ cache: true });
  });
  afterAll(async () => {
    await subgraph.stop();
    await legacy.close();
  });
  beforeEach(() => {
    legacy.resetCalls();
    legacy.setFaults({ latencyMs: 0, down: false });
  });

  it('daycare-batching: twenty-five citizens cost one legacy call, and a second read none (the cache)', async () => {
    const cprs = population.people.slice(0, 25).map((p) => p.cpr);
    const first = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(first.errors).toBeUndefined();
    expect(first.data!._entities).toHaveLength(25);
    const records = first.data!._entities.map((e: { daycare: unknown }) => e.daycare).filter(Boolean);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toEqual({ status: expect.stringMatching(/^(ACTIVE|PENDING|ENDED)$/), since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), municipalityCode: expect.stringMatching(/^\d{4}$/) });
    expect(legacy.calls().filter((c) => c.operation === 'Opslag').map((c) => c.keys)).toEqual([cprs]);

    legacy.resetCalls();
    legacy.setFaults({ latencyMs: 0, down: false });
    const second = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(second.data).toEqual(first.data);
    expect(legacy.calls().filter((c) => c.operation === 'Opslag').map((c) => c.keys)).toEqual([]);
  });

  it('daycare-authorization: a citizen reads their own record; a caseworker without daycare:read is refused before any legacy call', async () => {
    const own = await subgraph.gql(READ, { representations: representations([ingrid]) }, selfContext('ingrid'));
    expect(own.errors).toBeUndefined();
    legacy.resetCalls();
    legacy.setFaults({ latencyMs: 0, down: false });
    const noScope = caseworkerContext('caseworker-aarhus', undefined, ['citizen:read']);
    const refused = await subgraph.gql(READ, { representations: representations([population.people[30].cpr]) }, asIfInCaseload(noScope, [population.people[30].cpr]));
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['FORBIDDEN', 'SCOPE_MISSING']]);
    expect(legacy.calls().filter((c) => c.operation === 'Opslag').map((c) => c.keys)).toEqual([]);
  });

  it('daycare-legacy-timeout: a system slower than the timeout gives a null field with LEGACY_TIMEOUT naming it', async () => {
    const slow = await startSubgraph({ cache: false, timeoutMs: 300 });
    try {
      legacy.setFaults({ latencyMs: 1500 });
      const answer = await slow.gql(READ, { representations: representations([ingrid]) }, selfContext('ingrid'));
      expect(answer.data!._entities[0].daycare).toBeNull();
      expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.legacySystem])).toEqual([['LEGACY_TIMEOUT', 'daycare']]);
    } finally {
      await slow.stop();
    }
  });

  const FILE = `mutation File($input: DaycareFilingInput!, $key: ID!) {
    applyForDaycarePlace(input: $input, idempotencyKey: $key) { reference status receivedOn citizen { cpr } channel exemptionUsed }
  }`;

  it('daycare-retry-files-once: the same idempotency key three times at once files once, answers the same, and is recorded through selfservice', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => subgraph.gql(FILE, { input: { cpr: karen }, key }, selfContext('karen'))));
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    const results = answers.map((a) => a.data!.applyForDaycarePlace);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ status: 'PENDING', receivedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), citizen: { cpr: karen }, channel: 'DIGITAL_SELF_SERVICE', exemptionUsed: false });
    expect(legacy.calls().filter((c) => c.operation === 'Indberetning').length).toBe(1);
    const { rows } = await subgraph.runtime.selfservice.filings();
    expect(rows.filter((r) => r.reference === results[0].reference).map((r) => [r.service, r.channel, r.subject_cpr])).toEqual([['daycare', 'DIGITAL_SELF_SERVICE', karen]]);
  });

  it('daycare-filing-refused: a caseworker without daycare:assist files nothing', async () => {
    const answer = await subgraph.gql(FILE, { input: { cpr: ingrid }, key: randomUUID() }, caseworkerContext('caseworker-aarhus', { citizenId: 'ingrid' }, ['daycare:read']));
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(legacy.calls().filter((c) => c.operation === 'Indberetning').length).toBe(0);
  });
});
