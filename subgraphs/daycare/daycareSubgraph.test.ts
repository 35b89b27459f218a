import { generatePopulation, personaCpr } from '../../legacy/population';
import { asIfInCaseload, caseworkerContext, selfContext, type UnstampedContext } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
import { LegacyHttp, PinnedClock } from '../../platform';
import { ageOn } from '../../platform/calendar';
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

/** A caseworker of Aarhus who may read daycare data (the domain's own scope). */
const READER = caseworkerContext('caseworker-aarhus', undefined, ['daycare:read']);

const READ = `query Read($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Citizen { cpr daycare { status offer institution since municipalityCode waitingListPosition } } }
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

  it('daycare-batching: twenty-five children cost one legacy call, and a second read none (the cache)', async () => {
    const cprs = population.people
      .filter((p) => ageOn(p.birthDate, TODAY) < 15)
      .slice(0, 25)
      .map((p) => p.cpr);
    const first = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(first.errors).toBeUndefined();
    expect(first.data!._entities).toHaveLength(25);
    const records = first.data!._entities.map((e: { daycare: unknown }) => e.daycare).filter(Boolean);
    expect(records.length).toBeGreaterThan(0);
    // Children under 15 only: places in an institution, or a place in the municipality's queue.
    for (const record of records) {
      expect(record).toEqual(
        record.status === 'WAITING'
          ? {
              status: 'WAITING',
              offer: expect.any(String),
              institution: null,
              since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
              municipalityCode: expect.stringMatching(/^\d{4}$/),
              waitingListPosition: expect.any(Number),
            }
          : {
              status: 'PLACED',
              offer: expect.any(String),
              institution: expect.any(String),
              since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
              municipalityCode: expect.stringMatching(/^\d{4}$/),
              waitingListPosition: null,
            },
      );
    }
    for (const child of first.data!._entities.filter((e: { daycare: unknown }) => e.daycare))
      expect(ageOn(population.byCpr.get(child.cpr)!.birthDate, TODAY)).toBeLessThan(15);
    expect(
      legacy
        .calls()
        .filter((c) => c.operation === 'Opslag')
        .map((c) => c.keys),
    ).toEqual([cprs]);

    legacy.resetCalls();
    legacy.setFaults({ latencyMs: 0, down: false });
    const second = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(second.data).toEqual(first.data);
    expect(
      legacy
        .calls()
        .filter((c) => c.operation === 'Opslag')
        .map((c) => c.keys),
    ).toEqual([]);
  });

  it('daycare-authorization: a citizen reads their own record; a caseworker without daycare:read is refused before any legacy call', async () => {
    const own = await subgraph.gql(READ, { representations: representations([ingrid]) }, selfContext('ingrid'));
    expect(own.errors).toBeUndefined();
    legacy.resetCalls();
    legacy.setFaults({ latencyMs: 0, down: false });
    const noScope = caseworkerContext('caseworker-aarhus', undefined, ['citizen:read']);
    const refused = await subgraph.gql(
      READ,
      { representations: representations([population.people[30].cpr]) },
      asIfInCaseload(noScope, [population.people[30].cpr]),
    );
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['FORBIDDEN', 'SCOPE_MISSING']]);
    expect(
      legacy
        .calls()
        .filter((c) => c.operation === 'Opslag')
        .map((c) => c.keys),
    ).toEqual([]);
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
});
