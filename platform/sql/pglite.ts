import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sqlMessageOf, quoteIdentifier, SqlError, type SqlClient, type SqlClientOptions, type SqlResult, toSqlError } from './types';

/**
 * PGlite runs in a worker thread: its WASM executes statements synchronously, which would
 * stall this thread's event loop, and its loader uses dynamic import(), which Jest's module
 * sandbox refuses. The worker owns the one PGlite connection; messages carry statements.
 */
export async function openPglite(options: SqlClientOptions): Promise<SqlClient> {
  const system = options.system;
  // PGlite creates the data folder itself but not its parents.
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const setup = options.schema ? `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}; SET search_path TO ${quoteIdentifier(options.schema)}` : '';
  const worker = new Worker(PGLITE_WORKER_SOURCE, {
    eval: true,
    workerData: { pglitePath: require.resolve('@electric-sql/pglite'), dataDir: options.dataDir, setup },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let closed: string | undefined;
  const failAll = (why: string) => {
    closed ??= why;
    for (const { reject } of pending.values()) reject(new SqlError(system, 'unavailable', why));
    pending.clear();
  };
  worker.on('message', (reply: { id: number; result?: unknown; error?: WorkerError }) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.error) waiting.reject(toSqlError(system, reply.error));
    else waiting.resolve(reply.result);
  });
  worker.on('error', (error) => failAll(`the embedded database failed: ${sqlMessageOf(error)}`));
  worker.on('exit', () => failAll('the embedded database is closed'));
  const send = <T>(message: Record<string, unknown>): Promise<T> => {
    if (closed) return Promise.reject(new SqlError(system, 'unavailable', closed));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const record = options.onQuery ?? (() => {});
  const queryOn =
    (txId: number | undefined) =>
    <R>(text: string, params?: readonly unknown[]) => {
      record({ text, params: params ?? [] });
      return send<SqlResult<R>>({ op: 'query', text, params: params ?? [], txId });
    };

  try {
    await send({ op: 'open' });
  } catch (error) {
    await worker.terminate();
    throw new SqlError(system, 'unavailable', `cannot open PGlite${options.dataDir ? ` at ${options.dataDir}` : ''}: ${sqlMessageOf(error)}`);
  }
  return {
    system,
    engine: 'pglite',
    query: queryOn(undefined),
    async exec(script) {
      record({ text: script, params: [] });
      await send({ op: 'exec', text: script });
    },
    async transaction(fn) {
      const txId = await send<number>({ op: 'begin' });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn({ query: queryOn(txId) });
      } catch (error) {
        await send({ op: 'rollback', txId }).catch(() => {});
        throw error;
      }
      await send({ op: 'commit', txId });
      return result;
    },
    async close() {
      if (closed) return;
      await send({ op: 'close' }).catch(() => {});
      closed = 'the embedded database is closed';
      await worker.terminate();
    },
  };
}

interface WorkerError {
  readonly message: string;
  readonly code?: string;
  readonly severity?: string;
}

/** The worker's side: one PGlite, statements in arrival order, transactions held open by id. */
const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
let db;
const transactions = new Map();
async function handle(m) {
  if (m.op === 'open') {
    db = workerData.dataDir ? await PGlite.create(workerData.dataDir) : await PGlite.create();
    if (workerData.setup) await db.exec(workerData.setup);
    return null;
  }
  const on = m.txId ? transactions.get(m.txId).tx : db;
  switch (m.op) {
    case 'query': return { rows: (await on.query(m.text, m.params)).rows };
    case 'exec': await on.exec(m.text); return null;
    case 'begin': return new Promise((entered, failed) => {
      const entry = {};
      entry.finished = db.transaction((tx) => new Promise((commit, rollback) => {
        Object.assign(entry, { tx, commit, rollback });
        transactions.set(m.id, entry);
        entered(m.id);
      }));
      entry.finished.catch(failed);
    });
    case 'commit': {
      const entry = transactions.get(m.txId);
      transactions.delete(m.txId);
      entry.commit();
      await entry.finished;
      return null;
    }
    case 'rollback': {
      const entry = transactions.get(m.txId);
      transactions.delete(m.txId);
      entry.rollback(new Error('rolled back'));
      await entry.finished.catch(() => {});
      return null;
    }
    case 'close': await db.close(); return null;
  }
  throw new Error('unknown operation ' + m.op);
}
parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }),
    (e) => parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), code: e && e.code, severity: e && e.severity } }),
  );
});
`;
