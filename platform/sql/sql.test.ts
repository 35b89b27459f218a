import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LegacyError } from '../errors';
import { openSqlClient, openThrowawaySchema, type RecordedQuery, type SqlClient, SqlError } from '.';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `postgres://postgres@127.0.0.1:${port}/test`;
}

/** The behaviour both engines share, run against each. */
function sharedBehaviour(open: (onQuery?: (q: RecordedQuery) => void) => Promise<SqlClient>) {
  let sql: SqlClient;
  const recorded: RecordedQuery[] = [];
  beforeAll(async () => {
    sql = await open((q) => recorded.push(q));
    await sql.exec('CREATE TABLE T_KONTO (K_ID bigint PRIMARY KEY, K_NAVN varchar(40) NOT NULL); CREATE INDEX T_KONTO_NAVN ON T_KONTO (K_NAVN);');
  });
  afterAll(() => sql.close());
  beforeEach(() => {
    recorded.length = 0;
  });

  it('sends values as parameters and records every statement', async () => {
    await sql.query('INSERT INTO T_KONTO (K_ID, K_NAVN) VALUES ($1, $2), ($3, $4)', [1, "O'Brien", 2, "'; DROP TABLE T_KONTO; --"]);
    const { rows } = await sql.query<{ k_id: string; k_navn: string }>(
      'SELECT K_ID::text AS k_id, K_NAVN AS k_navn FROM T_KONTO WHERE K_ID = ANY($1::bigint[]) ORDER BY K_ID',
      [[1, 2, 3]],
    );
    expect(rows).toEqual([
      { k_id: '1', k_navn: "O'Brien" },
      { k_id: '2', k_navn: "'; DROP TABLE T_KONTO; --" },
    ]);
    expect(recorded.map((q) => q.params)).toEqual([[1, "O'Brien", 2, "'; DROP TABLE T_KONTO; --"], [[1, 2, 3]]]);
  });

  it('commits a transaction that succeeds', async () => {
    const result = await sql.transaction(async (tx) => {
      await tx.query('INSERT INTO T_KONTO VALUES ($1, $2)', [10, 'ti']);
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM T_KONTO WHERE K_ID = $1', [10])).rows[0].n;
    });
    expect(result).toBe(1);
    expect((await sql.query('SELECT 1 FROM T_KONTO WHERE K_ID = 10')).rows).toHaveLength(1);
    expect(recorded.map((q) => q.text)).toContain('INSERT INTO T_KONTO VALUES ($1, $2)');
  });

  it('rolls back when the work throws, and the error passes through unchanged', async () => {
    const failure = new Error('business rule said no');
    await expect(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO T_KONTO VALUES ($1, $2)', [11, 'elleve']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await sql.query('SELECT 1 FROM T_KONTO WHERE K_ID = 11')).rows).toHaveLength(0);
  });

  it('turns a statement the database refuses into a fault naming the system and SQLSTATE', async () => {
    const error = await sql.query('SELECT * FROM NO_SUCH_TABLE').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ system: 'benefits', kind: 'fault', sqlState: '42P01' });
    const duplicate = await sql.query('INSERT INTO T_KONTO VALUES ($1, $2)', [1, 'igen']).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ kind: 'fault', sqlState: '23505' });
  });
}

describe('SqlClient on PostgreSQL (throwaway schema)', () => {
  sharedBehaviour((onQuery) => openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, onQuery }));

  it('isolates clients in their own schema and drops it on close', async () => {
    const a = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL });
    const b = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL });
    const admin = await openSqlClient({ system: 'benefits', databaseUrl: DATABASE_URL });
    try {
      await a.exec("CREATE TABLE T_X (V text); INSERT INTO T_X VALUES ('a');");
      await b.exec("CREATE TABLE T_X (V text); INSERT INTO T_X VALUES ('b');");
      expect((await a.query('SELECT V AS v FROM T_X')).rows).toEqual([{ v: 'a' }]);
      expect((await b.query('SELECT V AS v FROM T_X')).rows).toEqual([{ v: 'b' }]);
      // Every pooled connection gets the search_path, not only the first one.
      const paths = await Promise.all(Array.from({ length: 5 }, () => a.query<{ s: string }>('SELECT current_schema() AS s, pg_sleep(0.05)')));
      expect(new Set(paths.map((p) => p.rows[0].s))).toEqual(new Set([a.schema]));
    } finally {
      await a.close();
      await b.close();
    }
    const left = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ANY($1::text[])', [[a.schema, b.schema]]);
    await admin.close();
    expect(left.rows).toHaveLength(0);
  });

  it('database-down: a refused connection is the system unavailable', async () => {
    const sql = await openSqlClient({ system: 'benefits', databaseUrl: await closedPortUrl() });
    try {
      const error = await sql.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LegacyError);
      expect(error).toMatchObject({ system: 'benefits', kind: 'unavailable' });
      expect((error as LegacyError).detail).toContain('ECONNREFUSED');
      await expect(sql.transaction(async () => 1)).rejects.toMatchObject({ system: 'benefits', kind: 'unavailable' });
    } finally {
      await sql.close();
    }
  });

  it('database-slow: a statement past statementTimeoutMs is a timeout', async () => {
    const sql = await openSqlClient({ system: 'benefits', databaseUrl: DATABASE_URL, statementTimeoutMs: 100 });
    try {
      await expect(sql.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ system: 'benefits', kind: 'timeout', sqlState: '57014' });
    } finally {
      await sql.close();
    }
  });

  it('rejects a schema name that is not a plain SQL name', async () => {
    await expect(openSqlClient({ system: 'benefits', databaseUrl: DATABASE_URL, schema: 'x; DROP TABLE y' })).rejects.toThrow(
      /schema must be a lowercase SQL name/,
    );
  });
});

describe('SqlClient on PGlite (in memory)', () => {
  sharedBehaviour((onQuery) => openSqlClient({ system: 'benefits', onQuery }));

  it('a closed embedded database is the system unavailable', async () => {
    const sql = await openSqlClient({ system: 'benefits' });
    await sql.close();
    await expect(sql.query('SELECT 1')).rejects.toMatchObject({ system: 'benefits', kind: 'unavailable' });
  });
});

describe('SqlClient on PGlite (on disk)', () => {
  it('keeps data in the data directory across restarts, in the chosen schema', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sql-test-'));
    try {
      const first = await openSqlClient({ system: 'benefits', dataDir, schema: 'ydelser' });
      await first.exec("CREATE TABLE T_Y (V text); INSERT INTO T_Y VALUES ('gemt');");
      await first.close();
      const second = await openSqlClient({ system: 'benefits', dataDir, schema: 'ydelser' });
      const { rows } = await second.query('SELECT V AS v, current_schema() AS s FROM T_Y');
      await second.close();
      expect(rows).toEqual([{ v: 'gemt', s: 'ydelser' }]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
