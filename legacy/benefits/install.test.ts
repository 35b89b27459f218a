import { openSqlClient, openThrowawaySchema, type SqlClient } from '../../platform/sql';
import { generatePopulation } from '../population';
import { installBenefitsDatabase } from './install';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const population = generatePopulation();

/** A digest of every seeded row, to compare two installs. */
async function fingerprint(sql: SqlClient): Promise<string> {
  const { rows } = await sql.query<{ claims: string; payments: string }>(`SELECT
    (SELECT md5(string_agg(concat_ws('|', KRV_ID, KRV_CPR, KRV_TYPE, KRV_STAT, KRV_FRA_DTO, KRV_TIL_DTO, KRV_BLB_ORE, KRV_REL_CPR), ',' ORDER BY KRV_ID)) FROM YDL_KRAV) AS claims,
    (SELECT md5(string_agg(concat_ws('|', UDB_ID, UDB_KRV_ID, UDB_DTO, UDB_BLB_ORE, UDB_KONTO, UDB_STAT), ',' ORDER BY UDB_ID)) FROM YDL_UDBET) AS payments`);
  return `${rows[0].claims}/${rows[0].payments}`;
}

describe('installBenefitsDatabase', () => {
  let postgresFingerprint: string;

  it('seeds 10,000 people into PostgreSQL in under 10 seconds, once', async () => {
    const sql = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'benefits_install' });
    try {
      const first = await installBenefitsDatabase(sql, population);
      expect(first).toMatchObject({ seeded: true });
      expect(first.claims).toBeGreaterThan(4000);
      expect(first.payments).toBeGreaterThan(50_000);
      expect(first.seconds).toBeLessThan(10);
      const again = await installBenefitsDatabase(sql, population);
      expect(again).toMatchObject({ seeded: false, claims: first.claims, payments: first.payments });
      const indexes = await sql.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname');
      expect(indexes.rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['ydl_krav_i1', 'ydl_udbet_i1', 'ydl_ans_i1']));
      postgresFingerprint = await fingerprint(sql);
    } finally {
      await sql.close();
    }
  });

  it('seeds once when two installers race on the same database', async () => {
    const a = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'benefits_install' });
    const b = await openSqlClient({ system: 'benefits', databaseUrl: DATABASE_URL, schema: a.schema });
    try {
      const results = await Promise.all([installBenefitsDatabase(a, population), installBenefitsDatabase(b, population)]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect((await a.query<{ n: number }>('SELECT count(*)::int AS n FROM YDL_KRAV')).rows[0].n).toBe(results[0].claims);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('seeds the same rows into embedded PGlite in under 10 seconds', async () => {
    const sql = await openSqlClient({ system: 'benefits' });
    try {
      const result = await installBenefitsDatabase(sql, population);
      expect(result).toMatchObject({ seeded: true });
      expect(result.seconds).toBeLessThan(10);
      expect(await fingerprint(sql)).toBe(postgresFingerprint);
    } finally {
      await sql.close();
    }
  });
});
