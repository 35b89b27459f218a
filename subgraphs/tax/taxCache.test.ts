import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { asIfInCaseload, caseworkerContext, selfContext } from '../../test/support/callerContexts';
import { TEST_REDIS_URL } from '../../test/support/testStack';
import { buildCache, silentLogger, type Logger } from '../../platform';
import { ANNUAL_STATEMENT_KIND, PRELIMINARY_ASSESSMENT_KIND, taxYearKey } from './loaders';
import { TAX_SYSTEM } from './soapClient';
import { CHANGE_MUTATION, ENTITIES_QUERY, representations, startTaxHarness, type TaxHarness } from '../../test/support/taxTestSupport';

const [karen, peter, mads] = ['karen', 'peter', 'mads'].map(personaCpr);
const ASSESSMENT = 'preliminaryIncomeAssessment(year: 2026) { expectedSalary { kroner } status lastChangeReason }';

/** The Redis client refuses commands (no offline queue) until it has connected. */
async function untilConnected(command: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('tax subgraph with the Redis cache', () => {
  let harness: TaxHarness;
  beforeAll(async () => {
    harness = await startTaxHarness({ redisUrl: TEST_REDIS_URL });
    // Entries from an earlier run (same test key) would hide this run's legacy calls: remove exactly those.
    const keys = [karen, peter, mads].flatMap((cpr) => [2025, 2026, 2027].map((year) => taxYearKey(cpr, year)));
    await untilConnected(() => harness.test.runtime.cache!.invalidate(TAX_SYSTEM, PRELIMINARY_ASSESSMENT_KIND, keys));
    await harness.test.runtime.cache!.invalidate(TAX_SYSTEM, ANNUAL_STATEMENT_KIND, keys);
  }, 30_000);
  afterAll(() => harness.stop());
  beforeEach(() => harness.standIn.resetCalls());

  // By default a caseworker with tax:read, the citizens in their caseload (this file is about the cache, not who may read).
  const read = (cprs: string[], as = asIfInCaseload(caseworkerContext('caseworker-aarhus', undefined, ['tax:read']), cprs)) =>
    harness.graphql(ENTITIES_QUERY(ASSESSMENT), representations(cprs), as);

  it('second-query-zero-legacy-calls: the same query again is answered from the cache, with the access log still written', async () => {
    const first = await read([karen, peter]);
    expect(first.errors).toBeUndefined();
    expect(harness.standIn.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: [`${karen}|2026`, `${peter}|2026`] }]);
    harness.standIn.resetCalls();
    const logBefore = (await harness.test.selfservice.accessLog()).rows.length;

    const second = await read([karen, peter]);
    expect(second).toEqual(first);
    expect(harness.standIn.calls()).toEqual([]);
    // A cached answer is still a read of the citizens' data.
    expect((await harness.test.selfservice.accessLog()).rows.length).toBe(logBefore + 2);
  });

  it('a cached assessment is never served to a caller who may not read it', async () => {
    await read([peter]);
    const answer = await read([peter], selfContext('karen'));
    expect(answer.data!._entities).toEqual([{ cpr: peter, preliminaryIncomeAssessment: null }]);
    expect(answer.errors!.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('mutation-invalidates-cache: read, change, read again: the second read shows the change', async () => {
    const before = await read([mads], selfContext('mads'));
    expect(before.data!._entities[0].preliminaryIncomeAssessment.expectedSalary.kroner).not.toBe('389000.00');

    const changed = await harness.graphql(
      CHANGE_MUTATION,
      { input: { cpr: mads, year: 2026, expectedSalary: '389000', reason: 'Promotion' }, key: randomUUID() },
      selfContext('mads'),
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.changePreliminaryIncome.assessment).toEqual({
      incomeYear: 2026,
      expectedSalary: { kroner: '389000.00' },
      status: 'CHANGED_BY_CITIZEN',
      lastChangeReason: 'Promotion',
    });

    harness.standIn.resetCalls();
    const after = await read([mads], selfContext('mads'));
    expect(after.data!._entities[0].preliminaryIncomeAssessment).toEqual({
      expectedSalary: { kroner: '389000.00' },
      status: 'CHANGED_BY_CITIZEN',
      lastChangeReason: 'Promotion',
    });
    // The mutation's own read of the new assessment refilled the cache.
    expect(harness.standIn.calls()).toEqual([]);
  });
});

describe('tax subgraph with Redis unreachable', () => {
  it('cache-down: reads go to the agency, and a change still succeeds with a warning that the invalidation failed', async () => {
    const harness = await startTaxHarness({ cache: false });
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const cache = buildCache({
      redisUrl: 'redis://127.0.0.1:1',
      encryptionKeys: `t1:${Buffer.alloc(32, 7).toString('base64')}`,
      redisCommandTimeoutMs: 100,
      logger: silentLogger,
    });
    try {
      const downCache = await harness.another({ cache, logger });
      const reading = await downCache.graphql(ENTITIES_QUERY(ASSESSMENT), representations([karen]), selfContext('karen'));
      expect(reading.data!._entities[0].preliminaryIncomeAssessment.expectedSalary.kroner).not.toBe('1234.00');

      const changed = await downCache.graphql(
        CHANGE_MUTATION,
        { input: { cpr: karen, year: 2026, expectedSalary: '1234' }, key: randomUUID() },
        selfContext('karen'),
      );
      expect(changed.errors).toBeUndefined();
      expect(changed.data!.changePreliminaryIncome.assessment).toMatchObject({ expectedSalary: { kroner: '1234.00' } });
      expect(harness.standIn.incomeChanges()).toHaveLength(1);
      expect(warnings).toContainEqual(expect.stringContaining('changePreliminaryIncome: cache invalidation failed'));
    } finally {
      await harness.stop();
      await cache.close();
    }
  }, 20_000);
});
