import { TEST_TODAY } from '../../test/support/benefitsTestSupport';
import net from 'node:net';
import { personaCpr } from '../../legacy/population';
import { caseworkerContext, withCaseload } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
import { openSqlClient } from '../../platform/sql';
import { buildBenefitsSubgraph } from './server';
import { entities, postGraphQL, startBenefitsForTests, type BenefitsTestHarness, type GraphQLResponse } from '../../test/support/benefitsTestSupport';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const FREJA = personaCpr('freja');
const PETER = personaCpr('peter');
/** Aarhus's caseworker with benefits:read reads Aarhus residents (the caseload, looked up by the gateway); these tests are about the SQL. */
const CASEWORKER = caseworkerContext('caseworker-aarhus');
const cprsIn = (variables: Record<string, unknown>) => ((variables.representations as { cpr: string }[] | undefined) ?? []).map((r) => r.cpr);

const CLAIMS_QUERY = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen { cpr benefitClaims { id type status period { from to } monthlyAmount { ore kroner currency } child { cpr } } }
  }
}`;

const PAYMENTS_QUERY = `query ($representations: [_Any!]!, $first: Int, $after: String, $claimType: BenefitType) {
  _entities(representations: $representations) {
    ... on Citizen {
      benefitPayments(first: $first, after: $after, claimType: $claimType) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id date amount { ore } status accountMasked claimId claimType } }
      }
    }
  }
}`;

describe('benefits subgraph over PostgreSQL', () => {
  let harness: BenefitsTestHarness;
  let sql: BenefitsTestHarness['sql'];
  const graphql = (query: string, variables: Record<string, unknown> = {}, as = withCaseload(CASEWORKER, cprsIn(variables))) =>
    harness.graphql(query, variables, as);

  // No cache: these tests count the statements each read sends.
  beforeAll(async () => {
    harness = await startBenefitsForTests({ cache: false });
    sql = harness.sql;
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.clearRecorded());

  /** Payment ids of a citizen in the order the graph must list them, straight from the table. */
  async function paymentIdsInTable(cpr: string, typeCode?: string): Promise<string[]> {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT u.UDB_ID::text AS id FROM YDL_UDBET u JOIN YDL_KRAV k ON k.KRV_ID = u.UDB_KRV_ID
       WHERE k.KRV_CPR = $1 AND ($2::bpchar IS NULL OR k.KRV_TYPE = $2) ORDER BY u.UDB_DTO DESC, u.UDB_ID DESC`,
      [cpr, typeCode ?? null],
    );
    return rows.map((r) => r.id);
  }

  it('answers _entities for several citizens with exactly one claims query for all of them', async () => {
    const cprs = [INGRID, KAREN, PETER, FREJA];
    const result = await graphql(CLAIMS_QUERY, { representations: entities(cprs) });
    expect(result.errors).toBeUndefined();
    expect(harness.statements()).toEqual([{ name: 'claimsByCpr', params: [cprs] }]);

    const [ingrid, karen, peter, freja] = result.data._entities;
    expect(ingrid.benefitClaims).toEqual([
      {
        id: expect.any(String),
        type: 'STATE_PENSION',
        status: 'ACTIVE',
        period: { from: '2005-04-01', to: null },
        monthlyAmount: { ore: expect.stringMatching(/^\d+$/), kroner: expect.stringMatching(/^\d+\.\d{2}$/), currency: 'DKK' },
        child: null,
      },
    ]);
    expect(karen.benefitClaims).toContainEqual(expect.objectContaining({ type: 'CHILD_BENEFIT', status: 'ACTIVE', child: { cpr: FREJA } }));
    expect(Array.isArray(peter.benefitClaims)).toBe(true);
    expect(freja.benefitClaims).toEqual([]);
  });

  it('makes one statement per kind of read however many citizens and claims are asked for', async () => {
    const cprs = [INGRID, KAREN, PETER, FREJA];
    const result = await graphql(
      `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Citizen {
          benefitClaims { id payments(first: 2) { totalCount edges { node { id } } } }
          benefitPayments(first: 3) { totalCount edges { node { id } } }
        }
      }
    }`,
      { representations: entities(cprs) },
    );
    expect(result.errors).toBeUndefined();
    const claimIds = result.data._entities.flatMap((c: { benefitClaims: { id: string }[] }) => c.benefitClaims.map((claim) => claim.id));
    expect(claimIds.length).toBeGreaterThanOrEqual(2);
    const statements = harness.statements();
    expect(statements.map((s) => s.name).sort()).toEqual([
      'claimsByCpr',
      'paymentCountsByClaim',
      'paymentCountsByCpr',
      'paymentPagesByClaim',
      'paymentPagesByCpr',
    ]);
    expect(statements.find((s) => s.name === 'paymentPagesByCpr')?.params[0]).toEqual(cprs);
    expect(statements.find((s) => s.name === 'paymentCountsByClaim')?.params[0]).toEqual(claimIds);
  });

  it("pages through all of a citizen's payments with no duplicates and no gaps", async () => {
    const expected = await paymentIdsInTable(INGRID);
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: GraphQLResponse = await graphql(PAYMENTS_QUERY, { representations: entities([INGRID]), first: 5, after });
      expect(result.errors).toBeUndefined();
      const page = result.data._entities[0].benefitPayments;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(5);
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(expected.length / 5));
    expect(seen).toEqual(expected);
  });

  it("pages a claim type filter and a claim's own payments in the same order as the table", async () => {
    const { rows } = await sql.query<{ cpr: string; typ: string }>(
      `SELECT KRV_CPR AS cpr, min(KRV_TYPE) AS typ FROM YDL_KRAV k JOIN YDL_UDBET u ON u.UDB_KRV_ID = k.KRV_ID
       GROUP BY KRV_CPR HAVING count(DISTINCT KRV_TYPE) > 1 ORDER BY KRV_CPR LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const { cpr, typ } = rows[0];
    const claimType = ({ B: 'CHILD_BENEFIT', F: 'STATE_PENSION', K: 'CASH_ASSISTANCE', S: 'SICKNESS_BENEFIT' } as const)[typ as 'B'];
    const expected = await paymentIdsInTable(cpr, typ);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      // Whoever it is, the caseworker serves them (x-act-for).
      const result: GraphQLResponse = await graphql(
        PAYMENTS_QUERY,
        { representations: entities([cpr]), first: 2, after, claimType },
        { ...CASEWORKER, actingFor: { cpr, basis: 'caseworker', grants: [] } },
      );
      const page = result.data._entities[0].benefitPayments;
      expect(page.edges.every((e: { node: { claimType: string } }) => e.node.claimType === claimType)).toBe(true);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
    expect(expected.length).toBeLessThan((await paymentIdsInTable(cpr)).length);

    const claimPage = await graphql(
      `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Citizen { benefitClaims { id payments(first: 100) { totalCount pageInfo { hasNextPage } edges { node { id claimId } } } } } }
    }`,
      { representations: entities([INGRID]) },
    );
    const pension = claimPage.data._entities[0].benefitClaims[0];
    expect(pension.payments.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(await paymentIdsInTable(INGRID));
    expect(pension.payments).toMatchObject({ totalCount: pension.payments.edges.length, pageInfo: { hasNextPage: false } });
  });

  it('refuses a page larger than 100 with BAD_USER_INPUT', async () => {
    const result = await graphql(PAYMENTS_QUERY, { representations: entities([INGRID]), first: 101 });
    expect(result.data._entities[0].benefitPayments).toBeNull();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(harness.statements()).toEqual([]);
  });

  it('sql-injection-in-input: hostile cursors, arguments and representation keys are refused before any statement', async () => {
    const hostile = "'; DROP TABLE YDL_KRAV; --";
    const before = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM YDL_KRAV')).rows[0].n;

    const asCursor = await graphql(PAYMENTS_QUERY, { representations: entities([INGRID]), after: hostile });
    expect(asCursor.data._entities[0].benefitPayments).toBeNull();
    expect(asCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const smuggled = Buffer.from(`udb1:20240101:1${hostile}`).toString('base64url');
    const asEncodedCursor = await graphql(PAYMENTS_QUERY, { representations: entities([INGRID]), after: smuggled });
    expect(asEncodedCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const asEnum = await graphql(PAYMENTS_QUERY, { representations: entities([INGRID]), claimType: hostile });
    expect(asEnum.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    harness.clearRecorded();
    const asKey = await graphql(CLAIMS_QUERY, { representations: entities([hostile, INGRID]) });
    expect(asKey.data._entities[0]).toBeNull();
    expect(asKey.data._entities[1].benefitClaims).toHaveLength(1);
    expect(asKey.errors).toEqual([expect.objectContaining({ path: ['_entities', 0], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(harness.statements()).toEqual([{ name: 'claimsByCpr', params: [[INGRID]] }]);

    expect((await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM YDL_KRAV')).rows[0].n).toBe(before);
  });

  it('benefits-db-unreadable: a row with a code we do not know fails only that citizen, naming the system', async () => {
    await sql.query(`INSERT INTO YDL_KRAV (KRV_ID, KRV_CPR, KRV_TYPE, KRV_STAT, KRV_FRA_DTO, KRV_BLB_ORE) VALUES (999999, $1, 'X', 'A', '20200101', 100)`, [
      PETER,
    ]);
    try {
      const result = await graphql(CLAIMS_QUERY, { representations: entities([INGRID, PETER]) });
      expect(result.data._entities[0].benefitClaims).toHaveLength(1);
      expect(result.data._entities[1].benefitClaims).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({
          path: ['_entities', 1, 'benefitClaims'],
          extensions: { code: 'LEGACY_ERROR', legacySystem: 'benefits', reason: 'bad-response' },
        }),
      ]);
    } finally {
      await sql.query('DELETE FROM YDL_KRAV WHERE KRV_ID = 999999');
    }
  });
});

describe('benefits subgraph with its database down', () => {
  it('benefits-db-down: fields are null with LEGACY_UNAVAILABLE naming the benefits system', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sql = await openSqlClient({ system: 'benefits', databaseUrl: `postgres://postgres@127.0.0.1:${port}/test` });
    const test = await startTestRuntime({ service: 'benefits', cache: false, today: TEST_TODAY });
    const service = await buildBenefitsSubgraph({ ...test.runtime, sql }).listen(0);
    try {
      const result = await postGraphQL(
        service.url,
        `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Citizen { cpr benefitClaims { id } benefitPayments { totalCount } } }
      }`,
        { representations: entities([INGRID, KAREN]) },
        await test.keys.headersFor(withCaseload(CASEWORKER, [INGRID, KAREN])),
      );
      expect(result.data._entities).toEqual([
        { cpr: INGRID, benefitClaims: null, benefitPayments: null },
        { cpr: KAREN, benefitClaims: null, benefitPayments: null },
      ]);
      expect(result.errors).toHaveLength(4);
      for (const error of result.errors ?? []) {
        expect(error.extensions).toEqual({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'benefits', reason: 'unavailable' });
        expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      }
    } finally {
      await service.stop();
      await test.stop();
    }
  });
});
