import { randomUUID } from 'node:crypto';
import { CUSTODY_AGE_LIMIT } from '../../gateway/identity/resolveCallerContext';
import { startDaycareStandIn, type RunningDaycareStandIn } from '../../legacy/daycare/standIn';
import { generatePopulation, personaCpr, PERSONAS } from '../../legacy/population';
import { LegacyHttp, PinnedClock } from '../../platform';
import { DOMAINS } from '../../systems/registry';
import { caseworkerContext, delegateContext, selfContext, type UnstampedContext } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
import { DAYCARE_AGE_LIMIT } from './applyForDaycarePlace';
import { DaycareClient } from './daycareClient';
import { buildDaycareSubgraph } from './server';

/**
 * Applying for a daycare place under the mandatory-digital rule (daycare: mandatory digital since
 * 2012-12-01, wave 1): parents file for their children under 15, assisted filing only with an
 * exemption, once per idempotency key, access-logged ahead of the write, recorded through selfservice.
 */
const TODAY = '2026-11-26';
const population = generatePopulation(2000);
const karen = personaCpr('karen');
const freja = personaCpr('freja');
const mads = personaCpr('mads');

const APPLY = `mutation Apply($input: DaycarePlaceApplicationInput!, $key: ID!) {
  applyForDaycarePlace(input: $input, idempotencyKey: $key) { reference status receivedOn waitingListPosition child { cpr } channel exemptionUsed }
}`;
const READ = `query($cpr: _Any!) { _entities(representations: [$cpr]) { ... on Citizen { daycare { status offer institution since waitingListPosition } } } }`;

/** A parent acting for their child as the gateway signs it once the register shows custody (every domain, read and file). */
function custodyContext(parentId: string, childId: string): UnstampedContext {
  const parent = selfContext(parentId);
  const child = PERSONAS.find((p) => p.id === childId)!;
  return {
    ...parent,
    actingFor: { cpr: child.cpr!, basis: 'custody', grants: DOMAINS.map((domain) => ({ domain, actions: ['read', 'file'] })) },
    subjectMunicipalityCode: child.municipalityCode,
    requestId: `test-${parentId}-for-${childId}`,
  };
}

const COUNTER = ['daycare:read', 'daycare:assist'];
const application = (childCpr: string, change: Record<string, unknown> = {}) => ({ childCpr, offer: 'YOUTH_CLUB', wantedFrom: '2027-01-04', ...change });

let legacy: RunningDaycareStandIn;
let daycare: Awaited<ReturnType<typeof startDaycare>>;

async function startDaycare(timeoutMs = 2000) {
  const runtime = await startTestRuntime({ service: 'daycare', today: TODAY });
  const client = new DaycareClient({ http: new LegacyHttp({ system: 'daycare', baseURL: legacy.url, timeoutMs, retries: 0 }) });
  const running = await buildDaycareSubgraph({ ...runtime.runtime, client }).listen(0);
  return {
    runtime,
    async gql(query: string, variables: Record<string, unknown>, as: UnstampedContext) {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await runtime.keys.headersFor(as)) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
    },
    apply(as: UnstampedContext, input: Record<string, unknown>, key = randomUUID()) {
      return this.gql(APPLY, { input, key }, as);
    },
    async filings(reference: string) {
      const { rows } = await runtime.selfservice.filings();
      return rows.filter((r) => r.reference === reference).map((r) => [r.service, r.channel, r.municipality_code, r.subject_cpr]);
    },
    async accessLog() {
      const { rows } = await runtime.selfservice.accessLog();
      return rows.filter((r) => r.operation === 'mutation applyForDaycarePlace').map((r) => [r.subject_cpr, r.actor_role, r.domain]);
    },
    async stop() {
      await running.stop();
      await runtime.stop();
    },
  };
}

const codes = (answer: { errors?: Array<{ extensions?: Record<string, any> }> }) => (answer.errors ?? []).map((e) => e.extensions?.code);
const legacyFilings = () => legacy.calls().filter((c) => c.operation === 'Indberetning');

beforeAll(async () => {
  legacy = await startDaycareStandIn({ population, clock: new PinnedClock(TODAY) });
  daycare = await startDaycare();
});
afterAll(async () => {
  await daycare.stop();
  await legacy.close();
});
beforeEach(() => {
  legacy.resetCalls();
  legacy.setFaults({ latencyMs: 0, down: false });
});

describe('applyForDaycarePlace', () => {
  it('daycare-parent-files-for-child: Karen applies for Freja (12) online; Freja joins the queue, the write-ahead log says CUSTODIAN, the filing is counted', async () => {
    const before = await daycare.gql(READ, { cpr: { __typename: 'Citizen', cpr: freja } }, custodyContext('karen', 'freja'));
    expect(before.errors).toBeUndefined();
    const answer = await daycare.apply(custodyContext('karen', 'freja'), application(freja));
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.applyForDaycarePlace;
    expect(result).toEqual({
      reference: expect.stringMatching(/^DAG2026\d{6}$/),
      status: 'WAITING',
      receivedOn: TODAY,
      waitingListPosition: expect.any(Number),
      child: { cpr: freja },
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
    });
    expect(result.waitingListPosition).toBeGreaterThanOrEqual(1);
    expect(legacyFilings()).toEqual([{ operation: 'Indberetning', keys: [freja] }]);
    expect(await daycare.filings(result.reference)).toEqual([['daycare', 'DIGITAL_SELF_SERVICE', '0751', freja]]);
    expect(await daycare.accessLog()).toContainEqual([freja, 'CUSTODIAN', 'daycare']);
    // The cached place was dropped: the next read shows the application.
    const after = await daycare.gql(READ, { cpr: { __typename: 'Citizen', cpr: freja } }, custodyContext('karen', 'freja'));
    expect(after.data!._entities[0].daycare).toEqual({
      status: 'WAITING',
      offer: 'YOUTH_CLUB',
      institution: null,
      since: '2027-01-04',
      waitingListPosition: result.waitingListPosition,
    });
  });

  it('daycare-child-over-15-refused: nobody applies for a citizen of 15 or over (Mads, 25, even with a power of attorney; Karen for herself); nothing is filed or logged', async () => {
    const delegated = await daycare.apply(
      delegateContext('karen', 'mads', [{ domain: 'daycare', actions: ['read', 'file'] }]),
      application(mads, { offer: 'NURSERY' }),
    );
    expect(codes(delegated)).toEqual(['BAD_USER_INPUT']);
    expect(delegated.errors![0].message).toMatch(/under 15/);
    const herself = await daycare.apply(selfContext('karen'), application(karen));
    expect(codes(herself)).toEqual(['BAD_USER_INPUT']);
    expect(legacyFilings()).toEqual([]);
    expect((await daycare.accessLog()).filter(([subject]) => subject === mads)).toEqual([]);
  });

  it('the daycare age limit is the custody age limit the gateway resolves parents by', () => {
    expect(DAYCARE_AGE_LIMIT).toBe(CUSTODY_AGE_LIMIT);
  });

  it('daycare-assisted-without-exemption-refused: at the counter without an exemption DIGITAL_SELF_SERVICE_REQUIRED; with one covering Aarhus it is filed as ASSISTED', async () => {
    const refused = await daycare.apply(
      caseworkerContext('caseworker-aarhus', { citizenId: 'freja' }, COUNTER),
      application(freja, { offer: 'AFTER_SCHOOL_CARE' }),
    );
    expect(codes(refused)).toEqual(['DIGITAL_SELF_SERVICE_REQUIRED']);
    expect(refused.errors![0].extensions).toMatchObject({ service: 'daycare', authority: 'municipality:0751' });
    expect(legacyFilings()).toEqual([]);

    const exemption = { authorities: ['municipality:0751'], reason: 'LACKING_DIGITAL_SKILLS', validTo: null };
    const served = await daycare.apply(
      caseworkerContext('caseworker-aarhus', { citizenId: 'freja', exemptions: [exemption] }, COUNTER),
      application(freja, { offer: 'AFTER_SCHOOL_CARE' }),
    );
    expect(served.errors).toBeUndefined();
    expect(served.data!.applyForDaycarePlace).toMatchObject({ channel: 'ASSISTED', exemptionUsed: true, status: 'WAITING' });
    expect(await daycare.accessLog()).toContainEqual([freja, 'CASEWORKER', 'daycare']);
  });

  it('daycare-caseworker-without-assist-scope: reading daycare is not filing it', async () => {
    const answer = await daycare.apply(caseworkerContext('caseworker-aarhus', { citizenId: 'freja' }, ['daycare:read']), application(freja));
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(legacyFilings()).toEqual([]);
  });

  it('daycare-retry-files-once: five concurrent retries with one key file one application; the key with another input is IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => daycare.apply(custodyContext('karen', 'freja'), application(freja, { offer: 'KINDERGARTEN' }), key)),
    );
    expect(answers.map(codes)).toEqual([[], [], [], [], []]);
    const results = answers.map((a) => a.data!.applyForDaycarePlace);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(legacyFilings()).toHaveLength(1);
    expect(await daycare.filings(results[0].reference)).toHaveLength(1);
    const reused = await daycare.apply(custodyContext('karen', 'freja'), application(freja, { offer: 'KINDERGARTEN', wantedFrom: '2027-02-01' }), key);
    expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(legacyFilings()).toHaveLength(1);
  });

  it('daycare-wanted-from-checked: a date in the past or more than two years ahead is BAD_USER_INPUT before anything is logged', async () => {
    for (const wantedFrom of ['2026-11-25', '2028-11-27']) {
      const answer = await daycare.apply(custodyContext('karen', 'freja'), application(freja, { wantedFrom }));
      expect([wantedFrom, codes(answer)]).toEqual([wantedFrom, ['BAD_USER_INPUT']]);
    }
    expect(legacyFilings()).toEqual([]);
  });

  it('daycare-legacy-timeout: a write the system answers too late is LEGACY_TIMEOUT; the retry with the same key files nothing twice', async () => {
    const slow = await startDaycare(300);
    try {
      const key = randomUUID();
      legacy.setFaults({ latencyMs: 800 });
      const timedOut = await slow.apply(custodyContext('karen', 'freja'), application(freja, { offer: 'NURSERY' }), key);
      expect(timedOut.errors?.map((e) => [e.extensions?.code, e.extensions?.legacySystem])).toEqual([['LEGACY_TIMEOUT', 'daycare']]);
      // The system filed it after all, once the delay was over.
      await new Promise((resolve) => setTimeout(resolve, 700));
      legacy.setFaults({ latencyMs: 0 });
      const retried = await slow.apply(custodyContext('karen', 'freja'), application(freja, { offer: 'NURSERY' }), key);
      expect(retried.errors).toBeUndefined();
      const reference = retried.data!.applyForDaycarePlace.reference;
      expect(legacy.filings().filter((f) => f.reference === reference)).toHaveLength(1);
      expect(legacyFilings()).toHaveLength(2);
      expect(await slow.filings(reference)).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });
});
