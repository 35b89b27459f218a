import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { selfContext } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
import { openSqlClient } from '../../platform/sql';
import type { RunningService } from '../kit/subgraphServer';
import { buildBenefitsSubgraph } from './server';
import { entities, postGraphQL, TEST_TODAY } from '../../test/support/benefitsTestSupport';

describe('benefits subgraph on the embedded default (PGlite, no DATABASE_URL)', () => {
  let service: RunningService;
  let test: Awaited<ReturnType<typeof startTestRuntime>>;

  beforeAll(async () => {
    test = await startTestRuntime({ service: 'benefits', today: TEST_TODAY });
    const sql = await openSqlClient({ system: 'benefits' });
    await installBenefitsDatabase(sql, generatePopulation());
    service = await buildBenefitsSubgraph({ ...test.runtime, sql }).listen(0);
  });
  afterAll(async () => {
    await service.stop();
    await test.stop();
  });

  it("serves the persona stories: Ingrid's state pension, Karen's child benefit for Freja, with paged payments", async () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen {
      benefitClaims { type status child { cpr } }
      benefitPayments(first: 3) { totalCount pageInfo { hasNextPage } edges { node { date amount { ore kroner } status } } }
    } } }`;
    const ingridAnswer = await postGraphQL(
      service.url,
      query,
      { representations: entities([personaCpr('ingrid')]) },
      await test.keys.headersFor(selfContext('ingrid')),
    );
    const karenAnswer = await postGraphQL(
      service.url,
      query,
      { representations: entities([personaCpr('karen')]) },
      await test.keys.headersFor(selfContext('karen')),
    );
    expect(ingridAnswer.errors).toBeUndefined();
    expect(karenAnswer.errors).toBeUndefined();
    const [ingrid] = ingridAnswer.data._entities;
    const [karen] = karenAnswer.data._entities;
    expect(ingrid.benefitClaims).toEqual([{ type: 'STATE_PENSION', status: 'ACTIVE', child: null }]);
    expect(ingrid.benefitPayments.edges).toHaveLength(3);
    expect(ingrid.benefitPayments.totalCount).toBeGreaterThanOrEqual(12);
    expect(ingrid.benefitPayments.pageInfo.hasNextPage).toBe(true);
    expect(ingrid.benefitPayments.edges[0].node).toEqual({
      date: '2026-10-30',
      amount: { ore: expect.stringMatching(/^\d+$/), kroner: expect.stringMatching(/^\d+\.\d\d$/) },
      status: expect.any(String),
    });
    expect(karen.benefitClaims).toContainEqual({ type: 'CHILD_BENEFIT', status: 'ACTIVE', child: { cpr: personaCpr('freja') } });
  });
});
