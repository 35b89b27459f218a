import { installBenefitsDatabase } from '../../legacy/benefits/install';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { silentLogger } from '../kit/logger';
import { openSqlClient } from '../kit/sql';
import type { RunningService } from '../kit/subgraphServer';
import { buildBenefitsSubgraph } from './server';

describe('benefits subgraph on the embedded default (PGlite, no DATABASE_URL)', () => {
  let service: RunningService;

  beforeAll(async () => {
    const sql = await openSqlClient({ system: 'benefits' });
    await installBenefitsDatabase(sql, generatePopulation());
    service = await buildBenefitsSubgraph({ sql, logger: silentLogger }).listen(0);
  });
  afterAll(() => service.stop());

  it('serves the persona stories: Ingrid\'s state pension, Karen\'s child benefit for Freja, with paged payments', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen {
          benefitClaims { type status child { cpr } }
          benefitPayments(first: 3) { totalCount pageInfo { hasNextPage } edges { node { date amount { ore kroner } status } } }
        } } }`,
        variables: { representations: [personaCpr('ingrid'), personaCpr('karen')].map((cpr) => ({ __typename: 'Citizen', cpr })) },
      }),
    });
    const { data, errors } = (await response.json()) as { data: any; errors?: unknown };
    expect(errors).toBeUndefined();
    const [ingrid, karen] = data._entities;
    expect(ingrid.benefitClaims).toEqual([{ type: 'STATE_PENSION', status: 'ACTIVE', child: null }]);
    expect(ingrid.benefitPayments.edges).toHaveLength(3);
    expect(ingrid.benefitPayments.totalCount).toBeGreaterThanOrEqual(12);
    expect(ingrid.benefitPayments.pageInfo.hasNextPage).toBe(true);
    expect(ingrid.benefitPayments.edges[0].node).toEqual({ date: '2026-10-30', amount: { ore: expect.stringMatching(/^\d+$/), kroner: expect.stringMatching(/^\d+\.\d\d$/) }, status: expect.any(String) });
    expect(karen.benefitClaims).toContainEqual({ type: 'CHILD_BENEFIT', status: 'ACTIVE', child: { cpr: personaCpr('freja') } });
  });
});
