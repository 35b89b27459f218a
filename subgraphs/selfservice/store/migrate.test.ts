import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlClient, openThrowawaySchema, type SqlClient } from '../../../platform/sql';
import { loadMigrations, migrate } from './migrate';
import { splitSqlStatements } from './sqlScript';
import { TEST_DATABASE_URL } from '../../../test/support/selfserviceTestSupport';

const TABLES = ['access_log', 'delegations', 'exemption_events', 'exemptions', 'filing_ratings', 'filings', 'idempotency_keys', 'schema_migrations'];

async function tables(sql: SqlClient): Promise<string[]> {
  const { rows } = await sql.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1');
  return rows.map((r) => r.t);
}

describe('migrations on PostgreSQL', () => {
  let sql: SqlClient & { schema: string };
  beforeEach(async () => {
    sql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'migrate' });
  });
  afterEach(() => sql.close());

  it('applies every migration once; a second run applies nothing', async () => {
    const all = loadMigrations().map((m) => m.version);
    expect(await migrate(sql)).toEqual({ applied: all, version: all[all.length - 1] });
    expect(await migrate(sql)).toEqual({ applied: [], version: all[all.length - 1] });
    expect(await tables(sql)).toEqual(TABLES);
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(all.length);
  });

  it('migrations-concurrent: two processes starting at once apply each migration exactly once', async () => {
    const other = await openSqlClient({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, schema: sql.schema });
    const third = await openSqlClient({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, schema: sql.schema });
    try {
      const outcomes = await Promise.all([migrate(sql), migrate(other), migrate(third)]);
      const applied = outcomes.map((o) => o.applied.length).sort();
      expect(applied).toEqual([0, 0, loadMigrations().length]);
      expect(await tables(other)).toEqual(TABLES);
    } finally {
      await other.close();
      await third.close();
    }
  });

  it("idempotency-ddl-one-owner: the store's idempotency_keys table is the kit's definition, included by migration 002", async () => {
    await migrate(sql);
    const { rows } = await sql.query<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
      "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'idempotency_keys' ORDER BY ordinal_position",
    );
    expect(rows.map((r) => `${r.column_name} ${r.data_type} ${r.is_nullable}`)).toEqual([
      'scope text NO',
      'key text NO',
      'request_hash text NO',
      'response jsonb YES',
      'created_at timestamp with time zone NO',
    ]);
    expect(loadMigrations()[1].script).toMatch(/^-- include: idempotency_keys$/m);
    expect(loadMigrations()[1].script).not.toMatch(/CREATE TABLE/);
  });

  it('migration-changed: a migration edited after it was applied stops the start', async () => {
    await migrate(sql);
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(sql, { migrations: edited })).rejects.toThrow(/changed after it was applied/);
  });

  it('migration-earlier-text: a store that applied 001 and 002 with their old database-clock defaults migrates on, and ends with no default', async () => {
    // The texts as first applied: the same, with DEFAULT now() that 003_one_clock drops.
    // 002 spelt the idempotency table out then; it now includes the kit's definition of the same table.
    const first002 = [
      '-- One row per mutation attempt key: inserted first, in the same transaction as the business write.',
      'CREATE TABLE idempotency_keys (',
      '  scope        text NOT NULL,',
      '  key          text NOT NULL,',
      '  request_hash text NOT NULL,',
      '  response     jsonb,',
      '  created_at   timestamptz NOT NULL DEFAULT now(),',
      '  PRIMARY KEY (scope, key)',
      ');',
      'CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);',
      '',
    ].join('\n');
    const earlier = loadMigrations()
      .slice(0, 2)
      .map((m) => {
        const script = m.version === 2 ? first002 : m.script.replace(/(recorded_at {5}timestamptz NOT NULL)\n/, '$1 DEFAULT now()\n');
        return { ...m, script, checksum: createHash('sha256').update(script).digest('hex') };
      });
    expect(earlier.map((m) => m.checksum)).toEqual([
      'bda1af8d8f76a76608c69900643a5276b51933921c7abb544cbfb159cf4a1987',
      '1bd831c83681daf919e734d5e26d3b539fc37cc8b51e2e25c1340ee81d8c6ce8',
    ]);
    await migrate(sql, { migrations: earlier });
    const all = loadMigrations();
    expect(await migrate(sql)).toEqual({ applied: all.slice(2).map((m) => m.version), version: all[all.length - 1].version });
    const { rows } = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE '%now()%'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('migration-failing: a failing migration leaves nothing behind (one transaction)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    try {
      await writeFile(path.join(dir, '001_good.sql'), 'CREATE TABLE a (x int);');
      await writeFile(path.join(dir, '002_bad.sql'), 'CREATE TABLE b (x int); SELECT * FROM no_such_table;');
      await expect(migrate(sql, { migrations: loadMigrations(dir) })).rejects.toMatchObject({ sqlState: '42P01' });
      expect(await tables(sql)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadMigrations and splitSqlStatements', () => {
  it('refuses a gap in the numbering', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, '001_a.sql'), 'SELECT 1;');
      await writeFile(path.join(dir, '003_c.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(/without gaps/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('splits at top-level semicolons only', () => {
    const script = `-- a comment; with a semicolon
CREATE TABLE t (v text DEFAULT 'a;b');
/* block; comment */ INSERT INTO t VALUES ($$x;y$$);
SELECT "odd;name" FROM t`;
    expect(splitSqlStatements(script)).toEqual([
      "CREATE TABLE t (v text DEFAULT 'a;b')",
      '/* block; comment */ INSERT INTO t VALUES ($$x;y$$)',
      'SELECT "odd;name" FROM t',
    ]);
  });
});
