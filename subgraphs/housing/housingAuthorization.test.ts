import { PinnedClock } from '../../platform/clock';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { caseworkerContext, delegateContext, selfContext, stamped, withCaseload } from '../../test/support/callerContexts';
import { generateContextKeys, signCallerContext } from '../../domain/caller';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';
import { codes, type HousingForTests, representations, startHousingForTests } from '../../test/support/housingTestSupport';

const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const karen = personaCpr('karen');

const HOUSING = `query Housing($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen { cpr dwelling { type } housingBenefit { status } housingBenefitApplications(first: 1) { totalCount } }
  }
}`;

const HOUSING_READ_GRANT = { domain: 'housing' as const, actions: ['read' as const], services: ['housing-benefit'] };

let standIn: RunningStandIn;
let housing: HousingForTests;

beforeAll(async () => {
  standIn = await startHousingStandIn({ population, clock: new PinnedClock('2026-02-03') });
  // Without the cache, so every request's legacy calls show.
  housing = await startHousingForTests(standIn.url, { cache: false });
});
afterAll(async () => {
  await housing.stop();
  await standIn.close();
});
beforeEach(() => standIn.resetCalls());

function read(cprs: string[], as: Parameters<HousingForTests['gql']>[2], query = HOUSING) {
  return housing.gql(query, { representations: representations(cprs) }, as);
}

/** The CPR numbers the housing system was asked about, over all calls. */
function legacyKeys(): string[] {
  return [...new Set(standIn.calls().flatMap((c) => c.keys))];
}

async function accessLogFor(operation: string) {
  const { rows } = await housing.runtime.selfservice.accessLog();
  return rows.filter((r) => r.operation === operation).map((r) => ({ subject: r.subject_cpr, role: r.actor_role, domain: r.domain }));
}

describe('caller context', () => {
  it('missing-caller-context: UNAUTHENTICATED with HTTP 401, and no legacy call', async () => {
    const answer = await read([ingrid], null);
    expect(answer.status).toBe(401);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    expect(answer.data ?? null).toBeNull();
    expect(standIn.calls()).toEqual([]);
  });

  it('forged-caller-context: a context signed with another key is UNAUTHENTICATED', async () => {
    const otherKeys = await generateContextKeys();
    const forged = await signCallerContext(stamped(selfContext('ingrid'), housing.runtime.keys.clock), otherKeys.privateKey!, {
      audience: 'housing',
      operation: 'query',
    });
    const answer = await read([ingrid], { [CALLER_CONTEXT_HEADER]: forged });
    expect([answer.status, codes(answer)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(codes(await read([ingrid], { [CALLER_CONTEXT_HEADER]: 'not-a-signed-context' }))).toEqual(['UNAUTHENTICATED']);
    expect(standIn.calls()).toEqual([]);
  });

  it('expired-caller-context: a context past its expiry is UNAUTHENTICATED', async () => {
    const expired = await housing.runtime.keys.sign(selfContext('ingrid'), -60);
    expect(codes(await read([ingrid], { [CALLER_CONTEXT_HEADER]: expired }))).toEqual(['UNAUTHENTICATED']);
    expect(standIn.calls()).toEqual([]);
  });

  it('entities-direct-without-context: _entities straight to the subgraph is refused before any resolver runs', async () => {
    const answer = await read(
      [ingrid, karen],
      null,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { cpr dwelling { type } } } }`,
    );
    expect([answer.status, codes(answer)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(JSON.stringify(answer)).not.toContain('RENTED');
    expect(standIn.calls()).toEqual([]);
  });
});

describe('who may read whose housing data', () => {
  it('citizen-self: a citizen reads their own housing data, and their own reads are not logged', async () => {
    const answer = await read(
      [ingrid],
      selfContext('ingrid'),
      `query CitizenSelf($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Citizen { dwelling { type } housingBenefit { status } housingBenefitApplications(first: 1) { totalCount } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities).toEqual([
      { dwelling: { type: 'RENTED_APARTMENT' }, housingBenefit: { status: 'GRANTED' }, housingBenefitApplications: { totalCount: 25 } },
    ]);
    expect(await accessLogFor('query CitizenSelf')).toEqual([]);
  });

  it('other-citizen-forbidden: a citizen asking for another citizen via _entities gets null fields with FORBIDDEN, and the housing system is never asked about them', async () => {
    const answer = await read([ingrid, karen], selfContext('ingrid'));
    expect(answer.data!._entities[0]).toMatchObject({ cpr: ingrid, dwelling: { type: 'RENTED_APARTMENT' } });
    expect(answer.data!._entities[1]).toEqual({ cpr: karen, dwelling: null, housingBenefit: null, housingBenefitApplications: null });
    expect(answer.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1, 'dwelling'], 'FORBIDDEN'],
      [['_entities', 1, 'housingBenefit'], 'FORBIDDEN'],
      [['_entities', 1, 'housingBenefitApplications'], 'FORBIDDEN'],
    ]);
    expect(legacyKeys()).toEqual([ingrid]);
  });

  it("delegate-with-grant: Mads, holding Ingrid's power of attorney for housing, reads her housing data", async () => {
    const answer = await read([ingrid], delegateContext('mads', 'ingrid', [HOUSING_READ_GRANT]));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities[0]).toMatchObject({ housingBenefit: { status: 'GRANTED' }, housingBenefitApplications: { totalCount: 25 } });
  });

  it('delegate-without-grant: a power of attorney for tax only gives no housing data, and no legacy call', async () => {
    const answer = await read([ingrid], delegateContext('mads', 'ingrid', [{ domain: 'tax', actions: ['read'] }]));
    expect(answer.data!._entities).toEqual([{ cpr: ingrid, dwelling: null, housingBenefit: null, housingBenefitApplications: null }]);
    expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
    expect(standIn.calls()).toEqual([]);
  });

  it("delegate-for-someone-else: a housing grant from Ingrid gives nothing of Karen's", async () => {
    const answer = await read([karen], delegateContext('mads', 'ingrid', [HOUSING_READ_GRANT]));
    expect(answer.data!._entities).toEqual([{ cpr: karen, dwelling: null, housingBenefit: null, housingBenefitApplications: null }]);
    expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
    expect(standIn.calls()).toEqual([]);
  });

  it("caseworker-own-caseload-reads: Aarhus with housing:read reads its residents' housing data (the gateway looked up where they live)", async () => {
    const answer = await read([ingrid, karen], withCaseload(caseworkerContext('caseworker-aarhus'), [ingrid, karen]));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!._entities.map((e: { dwelling: unknown }) => e.dwelling)).toEqual([
      { type: 'RENTED_APARTMENT' },
      expect.objectContaining({ type: expect.any(String) }),
    ]);
  });

  it('caseworker-other-municipality-refused: without the caseload lookup, or for a Copenhagen resident, Aarhus gets FORBIDDEN and no legacy call', async () => {
    const mads = personaCpr('mads');
    for (const as of [caseworkerContext('caseworker-aarhus'), withCaseload(caseworkerContext('caseworker-aarhus'), [mads])]) {
      const answer = await read([mads], as);
      expect(answer.data!._entities).toEqual([{ cpr: mads, dwelling: null, housingBenefit: null, housingBenefitApplications: null }]);
      expect(new Set(answer.errors!.map((e) => e.extensions?.reason))).toEqual(new Set(['NOT_IN_CASELOAD']));
    }
    expect(standIn.calls()).toEqual([]);
  });

  it('caseworker-serving-named-citizen: named in x-act-for, a Copenhagen resident is read by Aarhus', async () => {
    const answer = await read([personaCpr('mads')], caseworkerContext('caseworker-aarhus', { citizenId: 'mads' }));
    expect(answer.errors).toBeUndefined();
  });

  it('caseworker-without-scope: a tax caseworker (no housing:read) gets FORBIDDEN, and no legacy call', async () => {
    const answer = await read([ingrid], caseworkerContext('caseworker-tax'));
    expect(answer.data!._entities).toEqual([{ cpr: ingrid, dwelling: null, housingBenefit: null, housingBenefitApplications: null }]);
    expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
    expect(standIn.calls()).toEqual([]);
  });
});

describe('access log', () => {
  it("access-log-written: a delegate's and a caseworker's reads are logged for the citizen read; a self read is not", async () => {
    const query = (name: string) => HOUSING.replace('query Housing', `query ${name}`);
    await read([ingrid], delegateContext('mads', 'ingrid', [HOUSING_READ_GRANT]), query('DelegateLooks'));
    await read([ingrid, karen], withCaseload(caseworkerContext('caseworker-aarhus'), [ingrid, karen]), query('CaseworkerLooks'));
    await read([ingrid], selfContext('ingrid'), query('SelfLooks'));
    expect(await accessLogFor('query DelegateLooks')).toEqual([{ subject: ingrid, role: 'DELEGATE', domain: 'housing' }]);
    expect(await accessLogFor('query CaseworkerLooks')).toEqual([
      { subject: ingrid, role: 'CASEWORKER', domain: 'housing' },
      { subject: karen, role: 'CASEWORKER', domain: 'housing' },
    ]);
    expect(await accessLogFor('query SelfLooks')).toEqual([]);
  });

  it('access-log-not-written-for-refused-reads: a forbidden read leaves no log entry (nothing was read)', async () => {
    await read([ingrid], caseworkerContext('caseworker-tax'), HOUSING.replace('query Housing', 'query RefusedLook'));
    expect(await accessLogFor('query RefusedLook')).toEqual([]);
  });
});

describe('access-log-down-fails-closed', () => {
  it("withholds a caseworker's read when the access log cannot be written: data null, ACCESS_LOG_UNAVAILABLE", async () => {
    const alone = await startHousingForTests(standIn.url, { cache: false });
    try {
      await alone.runtime.selfservice.stop();
      const answer = await alone.gql(HOUSING, { representations: representations([ingrid]) }, caseworkerContext('caseworker-aarhus', { citizenId: 'ingrid' }));
      expect(answer.data).toBeNull();
      expect(codes(answer)).toEqual(['ACCESS_LOG_UNAVAILABLE']);
      expect(JSON.stringify(answer)).not.toContain('RENTED');
      // The citizen's own read needs no log entry, so it is served.
      const own = await alone.gql(HOUSING, { representations: representations([ingrid]) }, selfContext('ingrid'));
      expect(own.data!._entities[0]).toMatchObject({ dwelling: { type: 'RENTED_APARTMENT' } });
    } finally {
      await alone.stop(true);
    }
  });
});
