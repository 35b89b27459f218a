import { PinnedClock } from '../../platform/clock';
import { randomUUID } from 'node:crypto';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext } from '../../test/support/callerContexts';
import { TEST_REDIS_URL } from '../../test/support/testStack';
import type { Grant } from '../../domain/caller/types';
import type { UnstampedContext } from '../../test/support/callerContexts';
import { applicationPageKeys } from './cacheInvalidation';
import { codes, type HousingForTests, representations, startHousingForTests } from '../../test/support/housingTestSupport';
import { HOUSING_KINDS } from './loaders';

const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const karen = personaCpr('karen');
const peter = personaCpr('peter');
const mads = personaCpr('mads');
const bent = personaCpr('bent');

const APPLY = `mutation Apply($input: HousingBenefitApplicationInput!, $key: ID!) {
  applyForHousingBenefit(input: $input, idempotencyKey: $key) {
    application { applicationNumber receivedOn status decidedOn decisionReason }
    citizen { cpr }
    channel
    exemptionUsed
  }
}`;

const HOUSING = `query Housing($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      dwelling { type }
      housingBenefit { status monthlyAmount { kroner } }
      housingBenefitApplications(first: 2) { totalCount edges { node { applicationNumber status } } }
    }
  }
}`;

/** An application as a renter living alone would file it. */
function application(cpr: string, change: Record<string, unknown> = {}) {
  return {
    cpr,
    dwellingType: 'RENTED_APARTMENT',
    monthlyRentKroner: '6472.50',
    areaSquareMetres: 68,
    residents: 1,
    annualHouseholdIncomeKroner: '198000',
    ...change,
  };
}

const FILE_GRANT: Grant = { domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] };
const READ_GRANT: Grant = { domain: 'housing', actions: ['read'], services: ['housing-benefit'] };

let standIn: RunningStandIn;
let housing: HousingForTests;

beforeAll(async () => {
  standIn = await startHousingStandIn({ population, clock: new PinnedClock('2026-02-03') });
  housing = await startHousingForTests(standIn.url);
});
afterAll(async () => {
  await housing.stop();
  await standIn.close();
});
beforeEach(() => standIn.resetCalls());

function apply(as: UnstampedContext, input: Record<string, unknown>, key = randomUUID(), on = housing) {
  return on.gql(APPLY, { input, key }, as);
}

function read(cpr: string, as: UnstampedContext, on = housing) {
  return on.gql(HOUSING, { representations: representations([cpr]) }, as);
}

function filingCalls() {
  return standIn.calls().filter((c) => c.operation === 'IndgivAnsoegning');
}

async function applicationCount(cpr: string): Promise<number> {
  const response = await fetch(`${standIn.url}/ydelse/boligstoette/ansoegning?cprnr=${cpr}&sidestr=1`);
  return ((await response.json()) as { ANTAL_I_ALT: number }).ANTAL_I_ALT;
}

async function filingsFor(reference: string, on = housing) {
  const { rows } = await on.runtime.selfservice.filings();
  return rows
    .filter((r) => r.reference === reference)
    .map((r) => ({ service: r.service, channel: r.channel, municipality: r.municipality_code, subject: r.subject_cpr }));
}

async function accessLogFor(operation: string, on = housing) {
  const { rows } = await on.runtime.selfservice.accessLog();
  return rows.filter((r) => r.operation === operation).map((r) => ({ subject: r.subject_cpr, role: r.actor_role, domain: r.domain }));
}

describe('cache', () => {
  it('second-query-zero-legacy-calls: the same query twice makes legacy calls only the first time', async () => {
    const first = await read(ingrid, selfContext('ingrid'));
    expect(
      standIn
        .calls()
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['AnsoegningOpslag', 'BoligOpslag', 'BoligstoetteOpslag']);
    standIn.resetCalls();
    const second = await read(ingrid, selfContext('ingrid'));
    expect(standIn.calls()).toEqual([]);
    expect(second.data).toEqual(first.data);
    expect(housing.runtime.runtime.cache!.metrics).toBeDefined();
  });

  it('mutation-invalidates-cache: read, file, read: the second read shows the new application and the case it opened', async () => {
    const before = await read(mads, selfContext('mads'));
    expect(before.data!._entities[0]).toMatchObject({ housingBenefit: null, housingBenefitApplications: { totalCount: 0 } });
    const filed = await apply(selfContext('mads'), application(mads, { monthlyRentKroner: '9067.94', areaSquareMetres: 98 }));
    expect(filed.errors).toBeUndefined();
    standIn.resetCalls();

    const after = await read(mads, selfContext('mads'));
    expect(after.data!._entities[0]).toEqual({
      dwelling: { type: 'RENTED_APARTMENT' },
      housingBenefit: { status: 'PENDING', monthlyAmount: null },
      housingBenefitApplications: {
        totalCount: 1,
        edges: [{ node: { applicationNumber: filed.data!.applyForHousingBenefit.application.applicationNumber, status: 'PENDING' } }],
      },
    });
    // The dwelling did not change and stays cached; benefit and applications were read afresh.
    expect(
      standIn
        .calls()
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['AnsoegningOpslag', 'BoligstoetteOpslag']);
  });

  it('mutation-invalidates-cache for every page size a client may have read', async () => {
    const pageOf = async (first: number) =>
      (
        await housing.gql(
          `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Citizen { housingBenefitApplications(first: ${first}) { totalCount } } } }`,
          { representations: representations([ingrid]) },
          selfContext('ingrid'),
        )
      ).data!._entities[0].housingBenefitApplications.totalCount;
    const sizes = [1, 7, 20, 100];
    const before = await Promise.all(sizes.map(pageOf));
    await apply(selfContext('ingrid'), application(ingrid));
    expect(await Promise.all(sizes.map(pageOf))).toEqual(before.map((n) => n + 1));
  });
});

describe('applyForHousingBenefit', () => {
  it('citizen-files-online: the citizen files for themselves; channel DIGITAL_SELF_SERVICE, counted for uptake, not access-logged', async () => {
    const answer = await housing.gql(
      APPLY.replace('mutation Apply', 'mutation SelfFiles'),
      { input: application(karen), key: randomUUID() },
      selfContext('karen'),
    );
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.applyForHousingBenefit;
    expect(result).toEqual({
      application: {
        applicationNumber: expect.stringMatching(/^BS2026\d{6}$/),
        receivedOn: '2026-02-03',
        status: 'PENDING',
        decidedOn: null,
        decisionReason: null,
      },
      citizen: { cpr: karen },
      channel: 'DIGITAL_SELF_SERVICE',
      exemptionUsed: false,
    });
    expect(await filingsFor(result.application.applicationNumber)).toEqual([
      { service: 'housing-benefit', channel: 'DIGITAL_SELF_SERVICE', municipality: '0751', subject: karen },
    ]);
    expect(await accessLogFor('mutation applyForHousingBenefit')).not.toContainEqual(expect.objectContaining({ subject: karen }));
  });

  it('retry-no-duplicate-filing: the same idempotency key five times at once files exactly one application and answers the same each time', async () => {
    const key = randomUUID();
    const countBefore = await applicationCount(peter);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => apply(selfContext('peter'), application(peter), key)));
    expect(answers.map(codes)).toEqual([[], [], [], [], []]);
    const results = answers.map((a) => a.data!.applyForHousingBenefit);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(filingCalls()).toEqual([{ operation: 'IndgivAnsoegning', keys: [peter] }]);
    expect(await applicationCount(peter)).toBe(countBefore + 1);
    expect(await filingsFor(results[0].application.applicationNumber)).toHaveLength(1);
  });

  it('retry-after-idempotency-key-lost: the housing system itself files once per client reference', async () => {
    const key = randomUUID();
    const first = await apply(selfContext('peter'), application(peter), key);
    const countAfterFirst = await applicationCount(peter);
    // As if the first attempt's transaction had rolled back after the housing system filed.
    await housing.runtime.idempotencySql.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
    standIn.resetCalls();
    const again = await apply(selfContext('peter'), application(peter), key);
    expect(again.data).toEqual(first.data);
    expect(filingCalls()).toHaveLength(1);
    expect(await applicationCount(peter)).toBe(countAfterFirst);
  });

  it('idempotency-key-reused: the same key with a different application is refused and files nothing', async () => {
    const key = randomUUID();
    await apply(selfContext('peter'), application(peter), key);
    standIn.resetCalls();
    const reused = await apply(selfContext('peter'), application(peter, { residents: 2 }), key);
    expect(reused.data!.applyForHousingBenefit).toBeNull();
    expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(filingCalls()).toEqual([]);
  });

  it('idempotency-key-same-amount-written-differently: "6472.5" and "6472.50" are the same application', async () => {
    const key = randomUUID();
    const first = await apply(selfContext('peter'), application(peter, { monthlyRentKroner: '6472.50' }), key);
    const second = await apply(selfContext('peter'), application(peter, { monthlyRentKroner: '6472.5' }), key);
    expect(second.data).toEqual(first.data);
  });

  it.each([
    ['a rent with three decimals', { monthlyRentKroner: '6472.505' }, 'monthlyRentKroner'],
    ['a negative income', { annualHouseholdIncomeKroner: '-1' }, 'annualHouseholdIncomeKroner'],
    ['a rent on an owner-occupied dwelling', { dwellingType: 'OWNER_OCCUPIED' }, 'monthlyRentKroner'],
    ['no rent on a rented dwelling', { monthlyRentKroner: null }, 'monthlyRentKroner'],
    ['an area of 1000 m²', { areaSquareMetres: 1000 }, 'areaSquareMetres'],
    ['no residents', { residents: 0 }, 'residents'],
  ])('invalid-application-input: %s is BAD_USER_INPUT naming the field, nothing filed', async (_name, change, field) => {
    const answer = await apply(selfContext('peter'), application(peter, change));
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) })]);
    expect(standIn.calls()).toEqual([]);
  });

  it('citizen-files-for-another-forbidden: a citizen cannot file for someone without a power of attorney', async () => {
    const answer = await apply(selfContext('karen'), application(ingrid));
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(standIn.calls()).toEqual([]);
  });

  it("delegate-files-with-file-grant: Mads files Ingrid's application under her power of attorney; logged for her, counted as DELEGATE", async () => {
    const answer = await apply(delegateContext('mads', 'ingrid', [FILE_GRANT]), application(ingrid));
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.applyForHousingBenefit;
    expect(result).toMatchObject({ citizen: { cpr: ingrid }, channel: 'DELEGATE', exemptionUsed: false, application: { status: 'PENDING' } });
    expect(filingCalls()).toEqual([{ operation: 'IndgivAnsoegning', keys: [ingrid] }]);
    expect(await filingsFor(result.application.applicationNumber)).toEqual([
      { service: 'housing-benefit', channel: 'DELEGATE', municipality: '0751', subject: ingrid },
    ]);
    expect(await accessLogFor('mutation applyForHousingBenefit')).toContainEqual({ subject: ingrid, role: 'DELEGATE', domain: 'housing' });
  });

  it('delegate-without-file-grant-refused: a power of attorney to read only does not let Mads file', async () => {
    const countBefore = await applicationCount(ingrid);
    const answer = await apply(delegateContext('mads', 'ingrid', [READ_GRANT]), application(ingrid));
    expect(answer.data!.applyForHousingBenefit).toBeNull();
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(filingCalls()).toEqual([]);
    expect(await applicationCount(ingrid)).toBe(countBefore);
  });

  it('delegate-grant-for-another-service-refused: a file grant for state pension does not cover housing benefit', async () => {
    const answer = await apply(
      delegateContext('mads', 'ingrid', [{ domain: 'housing', actions: ['read', 'file'], services: ['state-pension'] }]),
      application(ingrid),
    );
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(filingCalls()).toEqual([]);
  });

  it('assisted-filing-without-exemption: a caseworker cannot file a mandatory digital service for a citizen without an exemption', async () => {
    const countBefore = await applicationCount(ingrid);
    const { rows: filingsBefore } = await housing.runtime.selfservice.filings();
    standIn.resetCalls();
    for (const exemptions of [[], [{ authorities: ['municipality:0751'], reason: 'NO_INTERNET', validTo: null }]]) {
      const answer = await apply(caseworkerContext('caseworker-aarhus', { citizenId: 'ingrid', exemptions }), application(ingrid));
      expect(answer.data!.applyForHousingBenefit).toBeNull();
      expect(answer.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'DIGITAL_SELF_SERVICE_REQUIRED', service: 'housing-benefit', authority: 'udbetaling-danmark' }),
        }),
      ]);
    }
    expect(standIn.calls()).toEqual([]);
    expect(await applicationCount(ingrid)).toBe(countBefore);
    expect((await housing.runtime.selfservice.filings()).rows).toHaveLength(filingsBefore.length);
  });

  it('assisted-filing-with-exemption: a caseworker files for Bent, exempt for Udbetaling Danmark; exemptionUsed, logged, counted as ASSISTED', async () => {
    const caseworker = caseworkerContext('caseworker-aarhus', {
      citizenId: 'bent',
      exemptions: [{ authorities: ['udbetaling-danmark'], reason: 'NO_INTERNET', validTo: null }],
    });
    const answer = await housing.gql(APPLY.replace('mutation Apply', 'mutation CounterFiling'), { input: application(bent), key: randomUUID() }, caseworker);
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.applyForHousingBenefit;
    expect(result).toMatchObject({ channel: 'ASSISTED', exemptionUsed: true, citizen: { cpr: bent } });
    expect(filingCalls()).toEqual([{ operation: 'IndgivAnsoegning', keys: [bent] }]);
    expect(await accessLogFor('mutation applyForHousingBenefit')).toContainEqual({ subject: bent, role: 'CASEWORKER', domain: 'housing' });
    expect(await filingsFor(result.application.applicationNumber)).toEqual([
      { service: 'housing-benefit', channel: 'ASSISTED', municipality: '0825', subject: bent },
    ]);
  });

  it('assisted-filing-with-exemption for all authorities', async () => {
    const caseworker = caseworkerContext('caseworker-aarhus', { citizenId: 'bent', exemptions: [{ authorities: 'ALL', reason: 'DISABILITY', validTo: null }] });
    const answer = await apply(caseworker, application(bent));
    expect(answer.data!.applyForHousingBenefit).toMatchObject({ channel: 'ASSISTED', exemptionUsed: true });
  });

  it('assisted-filing-without-assist-scope: a caseworker with housing:read only may not file', async () => {
    const caseworker = caseworkerContext(
      'caseworker-aarhus',
      { citizenId: 'bent', exemptions: [{ authorities: 'ALL', reason: 'DISABILITY', validTo: null }] },
      ['housing:read'],
    );
    expect(codes(await apply(caseworker, application(bent)))).toEqual(['FORBIDDEN']);
    expect(standIn.calls()).toEqual([]);
  });

  it('housing-down-during-filing: LEGACY_UNAVAILABLE, nothing filed; the retry with the same key files once', async () => {
    const key = randomUUID();
    const countBefore = await applicationCount(peter);
    standIn.setFaults({ down: true });
    try {
      const failed = await apply(selfContext('peter'), application(peter), key);
      expect(codes(failed)).toEqual(['LEGACY_UNAVAILABLE']);
      expect(failed.errors![0].extensions).toMatchObject({ legacySystem: 'housing' });
    } finally {
      standIn.setFaults({ down: false });
    }
    const retried = await apply(selfContext('peter'), application(peter), key);
    expect(retried.data!.applyForHousingBenefit).toMatchObject({ application: { status: 'PENDING' } });
    expect(await applicationCount(peter)).toBe(countBefore + 1);
  });

  it('missing-caller-context: a filing without a caller context is UNAUTHENTICATED and files nothing', async () => {
    const answer = await housing.gql(APPLY, { input: application(peter), key: randomUUID() }, null);
    expect([answer.status, codes(answer)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(standIn.calls()).toEqual([]);
  });
});

describe('uptake-record-down', () => {
  it('still answers with the filed application when the filing cannot be counted (the housing system has it)', async () => {
    const alone = await startHousingForTests(standIn.url);
    try {
      await alone.runtime.selfservice.stop();
      const answer = await apply(selfContext('peter'), application(peter), randomUUID(), alone);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.applyForHousingBenefit).toMatchObject({ application: { status: 'PENDING' }, channel: 'DIGITAL_SELF_SERVICE' });
    } finally {
      await alone.stop(true);
    }
  });
});

describe('filing-access-log-down', () => {
  it("a delegate's filing is refused with ACCESS_LOG_UNAVAILABLE before the legacy write when the access log cannot be written", async () => {
    const alone = await startHousingForTests(standIn.url);
    try {
      await alone.runtime.selfservice.stop();
      const answer = await apply(delegateContext('mads', 'ingrid', [FILE_GRANT]), application(ingrid), randomUUID(), alone);
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['ACCESS_LOG_UNAVAILABLE']);
      expect(answer.data?.applyForHousingBenefit ?? null).toBeNull();
      expect(filingCalls()).toEqual([]);
    } finally {
      await alone.stop(true);
    }
  });

  it("the write-ahead entry is written once: a delegate's filing leaves one entry in the citizen's log, not two", async () => {
    const key = randomUUID();
    const before = (await accessLogFor('mutation applyForHousingBenefit')).length;
    const answer = await apply({ ...delegateContext('mads', 'ingrid', [FILE_GRANT]), requestId: `once-${key}` }, application(ingrid), key);
    expect(answer.errors).toBeUndefined();
    expect((await accessLogFor('mutation applyForHousingBenefit')).length - before).toBe(1);
  });
});

describe('mutation-invalidates-cache on Redis', () => {
  it('drops the shared Redis entries: the next read shows the new application', async () => {
    const shared = await startHousingForTests(standIn.url, { redisUrl: TEST_REDIS_URL });
    try {
      const cache = shared.runtime.runtime.cache!;
      await untilConnected(() => cache.invalidate('housing', 'connection-probe', ['probe']));
      // Entries from an earlier run (the same keys: the test runtime's cache key is fixed) must not decide the outcome.
      await cache.invalidate('housing', HOUSING_KINDS.housingBenefit, [karen]);
      await cache.invalidate('housing', HOUSING_KINDS.applicationPage, applicationPageKeys(karen, 50));
      const before = (await read(karen, selfContext('karen'), shared)).data!._entities[0].housingBenefitApplications.totalCount;
      standIn.resetCalls();
      expect((await read(karen, selfContext('karen'), shared)).data!._entities[0].housingBenefitApplications.totalCount).toBe(before);
      expect(standIn.calls()).toEqual([]);
      await apply(selfContext('karen'), application(karen), randomUUID(), shared);
      expect((await read(karen, selfContext('karen'), shared)).data!._entities[0].housingBenefitApplications.totalCount).toBe(before + 1);
    } finally {
      await shared.stop();
    }
  });
});

/** Redis connects in the background and refuses commands until then (no offline queue). */
async function untilConnected(command: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
