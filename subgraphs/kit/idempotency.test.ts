import { ensureIdempotencyTable, IdempotencyStore } from './idempotency';
import { openThrowawaySchema, type SqlClient } from '../../platform/sql';

/** The instant every key here is stamped with: the request's, never the database's clock. */
const AT = '2026-11-26T10:30:00.000Z';
const TEST_DATABASE_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('IdempotencyStore on PostgreSQL', () => {
  let sql: SqlClient;
  let store: IdempotencyStore;
  beforeAll(async () => {
    sql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'idem' });
    await ensureIdempotencyTable(sql);
    await ensureIdempotencyTable(sql);
    await sql.query('CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL)');
    store = new IdempotencyStore(sql);
  });
  afterAll(() => sql.close());

  const makeWidget = (name: string) =>
    store.run({ scope: 'makeWidget:alice', key: `key-${name}`, input: { name }, at: AT }, async (tx) => {
      const { rows } = await tx.query<{ id: number }>('INSERT INTO widgets (name) VALUES ($1) RETURNING id', [name]);
      return { id: rows[0].id, name };
    });
  const widgets = async (name: string) => (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM widgets WHERE name = $1', [name])).rows[0].n;

  it('same key twice: one row and the same result', async () => {
    const first = await makeWidget('one');
    const second = await makeWidget('one');
    expect(second).toEqual(first);
    expect(await widgets('one')).toBe(1);
  });

  it('idempotency-key-reused: same key with a different input', async () => {
    await expect(store.run({ scope: 'makeWidget:alice', key: 'key-one', input: { name: 'other' }, at: AT }, async () => 'never')).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('input key order does not matter', async () => {
    const run = (input: unknown) => store.run({ scope: 's', key: 'order', input, at: AT }, async () => ({ ok: true }));
    await run({ a: 1, b: [1, { c: 2, d: 3 }] });
    await expect(run({ b: [1, { d: 3, c: 2 }], a: 1 })).resolves.toEqual({ ok: true });
  });

  it('ten concurrent calls with one key: one row, ten identical results', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => makeWidget('ten')));
    expect(await widgets('ten')).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('a failed write stores nothing: the retry runs again', async () => {
    const failing = store.run({ scope: 's', key: 'fails-once', input: {}, at: AT }, async (tx) => {
      await tx.query("INSERT INTO widgets (name) VALUES ('half')");
      throw new Error('business rule said no');
    });
    await expect(failing).rejects.toThrow('business rule said no');
    expect(await widgets('half')).toBe(0);
    await expect(store.run({ scope: 's', key: 'fails-once', input: {}, at: AT }, async () => 'second time')).resolves.toBe('second time');
  });

  it('keys are per scope', async () => {
    const a = await store.run({ scope: 'x:alice', key: 'shared', input: 1, at: AT }, async () => 'alice');
    const b = await store.run({ scope: 'x:bob', key: 'shared', input: 2, at: AT }, async () => 'bob');
    expect([a, b]).toEqual(['alice', 'bob']);
  });

  it('idempotency-key-malformed: an empty or overlong key is BAD_USER_INPUT', async () => {
    await expect(store.run({ scope: 's', key: '', input: 1, at: AT }, async () => 1)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(store.run({ scope: 's', key: 'k'.repeat(201), input: 1, at: AT }, async () => 1)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
