import { PinnedClock } from '../../platform/clock';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { startHousingStandIn } from '../../legacy/housing/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { LegacyHttp } from '../../platform';
import { asIfInCaseload, caseworkerContext } from '../../test/support/callerContexts';
import { HousingClient } from './housingClient';
import { type HousingForTests, representations, startHousingForTests } from '../../test/support/housingTestSupport';

const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
const mads = personaCpr('mads');
const freja = personaCpr('freja');
const bent = personaCpr('bent');

interface GraphQLResponse {
  data?: { _entities: Array<Record<string, unknown>> } | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

const CITIZEN_FIELDS = `
  query Housing($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on Citizen {
        cpr
        dwelling { type monthlyRent { ore kroner currency } areaSquareMetres residents movedInOn }
        housingBenefit { status monthlyAmount { ore kroner } grantedOn period { from to } }
        housingBenefitApplications(first: $first, after: $after) {
          totalCount
          edges { cursor node { applicationNumber receivedOn status decidedOn decisionReason } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

/** Without the cache: these tests count the legacy calls of every request. */
function startSubgraph(legacyUrl: string, timeoutMs = 2000): Promise<HousingForTests> {
  return startHousingForTests(legacyUrl, { cache: false, timeoutMs });
}

/** A caseworker with housing:read, every citizen of the call in their caseload: these tests are about the legacy system, not who may read. */
const CASEWORKER = caseworkerContext('caseworker-aarhus');

async function entities(
  housing: HousingForTests,
  cprs: readonly string[],
  variables: Record<string, unknown> = {},
  query = CITIZEN_FIELDS,
): Promise<GraphQLResponse> {
  const answer = await housing.gql(query, { representations: representations(cprs), ...variables }, asIfInCaseload(CASEWORKER, cprs));
  expect(answer.status).toBe(200);
  return answer as GraphQLResponse;
}

function byOperation(calls: readonly { operation: string; keys: readonly string[] }[]) {
  return [...calls].sort((a, b) => a.operation.localeCompare(b.operation));
}

describe('housing subgraph over the housing stand-in', () => {
  let standIn: RunningStandIn;
  let subgraph: HousingForTests;

  beforeAll(async () => {
    standIn = await startHousingStandIn({ population, clock: new PinnedClock('2026-11-26') });
    subgraph = await startSubgraph(standIn.url);
  });
  afterAll(async () => {
    await subgraph.stop();
    await standIn.close();
  });
  beforeEach(() => {
    standIn.resetCalls();
    standIn.setFaults({ down: false, latencyMs: 0 });
  });

  it('answers several citizens via _entities with exactly one batch call per kind of data', async () => {
    const cprs = [ingrid, mads, freja, bent];
    const result = await entities(subgraph, cprs, { first: 2 });
    expect(result.errors).toBeUndefined();
    const [ingridData, madsData, frejaData] = result.data!._entities;
    expect(ingridData).toMatchObject({
      cpr: ingrid,
      dwelling: {
        type: 'RENTED_APARTMENT',
        monthlyRent: { ore: '647250', kroner: '6472.50', currency: 'DKK' },
        areaSquareMetres: 68,
        residents: 1,
        movedInOn: '1979-08-01',
      },
      housingBenefit: {
        status: 'GRANTED',
        monthlyAmount: { ore: '218450', kroner: '2184.50' },
        grantedOn: '2025-12-21',
        period: { from: '2026-01-01', to: null },
      },
      housingBenefitApplications: {
        totalCount: 25,
        edges: [
          {
            node: {
              applicationNumber: expect.stringMatching(/^BS2025\d{6}$/),
              receivedOn: '2025-12-01',
              status: 'GRANTED',
              decidedOn: '2025-12-21',
              decisionReason: 'Bevilget efter gældende satser',
            },
          },
          { node: { receivedOn: '2024-12-01', status: 'GRANTED' } },
        ],
        pageInfo: { hasNextPage: true },
      },
    });
    expect(madsData).toMatchObject({ dwelling: { type: 'RENTED_APARTMENT' }, housingBenefit: null });
    expect(frejaData).toEqual({
      cpr: freja,
      dwelling: null,
      housingBenefit: null,
      housingBenefitApplications: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
    expect(byOperation(standIn.calls())).toEqual([
      { operation: 'AnsoegningOpslag', keys: cprs },
      { operation: 'BoligOpslag', keys: cprs },
      { operation: 'BoligstoetteOpslag', keys: cprs },
    ]);
  });

  it('makes the same three calls for fifty citizens as for four', async () => {
    const cprs = population.people.slice(0, 50).map((p) => p.cpr);
    const result = await entities(subgraph, cprs);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toHaveLength(50);
    expect(byOperation(standIn.calls()).map((c) => [c.operation, c.keys.length])).toEqual([
      ['AnsoegningOpslag', 50],
      ['BoligOpslag', 50],
      ['BoligstoetteOpslag', 50],
    ]);
  });

  it('pages through more than one page of applications, filed ones first, one legacy call per page', async () => {
    const filer = new HousingClient({ http: new LegacyHttp({ system: 'housing', baseURL: standIn.url }) });
    const filed = [];
    for (let i = 0; i < 2; i++) {
      filed.push(
        await filer.fileApplication({
          cpr: ingrid,
          dwellingType: 'RENTED_APARTMENT',
          monthlyRentOre: 647250n,
          areaSquareMetres: 68,
          residents: 1,
          householdIncomeOre: 19800000n,
        }),
      );
    }
    filer.close();
    standIn.resetCalls();

    const seen: Array<{ applicationNumber: string; status: string }> = [];
    const pages: Array<{ size: number; hasNextPage: boolean; totalCount: number }> = [];
    let after: string | null = null;
    do {
      const result = await entities(
        subgraph,
        [ingrid],
        { first: 10, after },
        `query($representations: [_Any!]!, $first: Int, $after: String) {
        _entities(representations: $representations) { ... on Citizen { housingBenefitApplications(first: $first, after: $after) {
          totalCount edges { cursor node { applicationNumber status } } pageInfo { hasNextPage endCursor } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      const connection = result.data!._entities[0].housingBenefitApplications as {
        totalCount: number;
        edges: Array<{ node: { applicationNumber: string; status: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
      seen.push(...connection.edges.map((e) => e.node));
      pages.push({ size: connection.edges.length, hasNextPage: connection.pageInfo.hasNextPage, totalCount: connection.totalCount });
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);

    expect(pages).toEqual([
      { size: 10, hasNextPage: true, totalCount: 27 },
      { size: 10, hasNextPage: true, totalCount: 27 },
      { size: 7, hasNextPage: false, totalCount: 27 },
    ]);
    expect(seen.slice(0, 2)).toEqual([
      { applicationNumber: filed[1].applicationNumber, status: 'PENDING' },
      { applicationNumber: filed[0].applicationNumber, status: 'PENDING' },
    ]);
    expect(new Set(seen.map((a) => a.applicationNumber)).size).toBe(27);
    expect(seen.filter((a) => a.status === 'REJECTED')).toHaveLength(1);
    expect(standIn.calls()).toEqual([1, 2, 3].map(() => ({ operation: 'AnsoegningOpslag', keys: [ingrid] })));
  });

  it('serves a window that does not line up with legacy pages', async () => {
    const all = await entities(subgraph, [ingrid], { first: 100 });
    const allNumbers = (all.data!._entities[0].housingBenefitApplications as { edges: Array<{ cursor: string; node: { applicationNumber: string } }> }).edges;
    const window = await entities(subgraph, [ingrid], { first: 7, after: allNumbers[4].cursor });
    const edges = (window.data!._entities[0].housingBenefitApplications as { edges: Array<{ cursor: string; node: { applicationNumber: string } }> }).edges;
    expect(edges).toEqual(allNumbers.slice(5, 12));
  });

  it.each([
    ['first above 100', { first: 101 }],
    ['a negative first', { first: -1 }],
    ['a cursor we did not issue', { after: 'bm90LWEtY3Vyc29y' }],
  ])('refuses %s with BAD_USER_INPUT and leaves other fields intact', async (_name, variables) => {
    const result = await entities(subgraph, [ingrid], variables);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 0, 'housingBenefitApplications'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
    expect(result.data!._entities[0]).toMatchObject({ housingBenefitApplications: null, dwelling: { type: 'RENTED_APARTMENT' } });
  });

  it('housing-down: the housing fields are null and every error names the housing system', async () => {
    standIn.setFaults({ down: true });
    const result = await entities(subgraph, [ingrid, mads]);
    expect(result.data!._entities).toEqual([
      { cpr: ingrid, dwelling: null, housingBenefit: null, housingBenefitApplications: null },
      { cpr: mads, dwelling: null, housingBenefit: null, housingBenefitApplications: null },
    ]);
    expect(result.errors).toHaveLength(6);
    for (const error of result.errors!) {
      expect(error.extensions).toEqual({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'housing', reason: 'unavailable', upstreamStatus: 503 });
      expect(JSON.stringify(error)).not.toContain(ingrid);
    }
  });
});

describe('housing-timeout', () => {
  it('makes housing fields null with LEGACY_TIMEOUT naming the housing system', async () => {
    const standIn = await startHousingStandIn({ population, faults: { latencyMs: 500 } });
    const subgraph = await startSubgraph(standIn.url, 100);
    try {
      const started = Date.now();
      const result = await entities(
        subgraph,
        [ingrid],
        {},
        `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Citizen { cpr dwelling { type } } } }`,
      );
      expect(Date.now() - started).toBeLessThan(450);
      expect(result.data!._entities).toEqual([{ cpr: ingrid, dwelling: null }]);
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: ['_entities', 0, 'dwelling'],
          extensions: { code: 'LEGACY_TIMEOUT', legacySystem: 'housing', reason: 'timeout' },
        }),
      ]);
    } finally {
      await subgraph.stop();
      await standIn.close();
    }
  });
});

describe('housing-bad-record', () => {
  it('fails only the citizen whose legacy record is unreadable (an impossible date)', async () => {
    // A wire-level fake: the real system's shape, with one broken date.
    const records = [
      { CPRNR: ingrid, BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '647250', BOLIGAREAL_M2: '068', ANTAL_BEBOERE: '01', INDFLYTNING_DATO: '01081979' },
      { CPRNR: mads, BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '906794', BOLIGAREAL_M2: '098', ANTAL_BEBOERE: '01', INDFLYTNING_DATO: '31022022' },
    ];
    const fake = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ SIDE: 1, SIDESTR: 2, ANTAL_I_ALT: 2, POSTER: records }));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const subgraph = await startSubgraph(`http://127.0.0.1:${(fake.address() as AddressInfo).port}`);
    try {
      const result = await entities(
        subgraph,
        [ingrid, mads],
        {},
        `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Citizen { cpr dwelling { movedInOn } } } }`,
      );
      expect(result.data!._entities).toEqual([
        { cpr: ingrid, dwelling: { movedInOn: '1979-08-01' } },
        { cpr: mads, dwelling: null },
      ]);
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: ['_entities', 1, 'dwelling'],
          extensions: { code: 'LEGACY_ERROR', legacySystem: 'housing', reason: 'bad-response' },
        }),
      ]);
    } finally {
      await subgraph.stop();
      fake.closeAllConnections();
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
