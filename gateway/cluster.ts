import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';

/**
 * A gateway worker per core (node:cluster): the primary forks GATEWAY_WORKERS workers (default:
 * os.availableParallelism()), which share the listening port, and supervises them; each worker runs
 * the whole gateway (gateway/main.ts). With one worker nothing is forked and the gateway runs in
 * this process, as before.
 *
 * Shutdown: on SIGTERM or SIGINT the primary passes SIGTERM to every worker, each of which stops
 * taking requests and lets those in flight finish (GATEWAY_SHUTDOWN_GRACE_MS), and exits once all
 * have; a worker still alive after the grace plus five seconds is killed. A worker that dies after
 * it was serving is replaced; one that dies before it ever listened means the gateway cannot start
 * (bad settings, a port in use), so the primary stops the others and exits 1 rather than re-forking
 * in a loop.
 *
 * Each worker has its own memory: rate limits and persisted queries are shared across workers only
 * through Redis (REDIS_URL), as across replicas.
 */
export function workerCount(env: NodeJS.ProcessEnv): number {
  const text = env.GATEWAY_WORKERS;
  if (text === undefined || text === '') return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`GATEWAY_WORKERS must be a whole number from 1 to 256, got "${text}"`);
  return n;
}

export interface ClusterLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Runs `start` in this process (one worker, or in a forked worker), or forks and supervises the workers (the primary). */
export async function runWorkers(options: { workers: number; graceMs: number; log: ClusterLog; start: () => Promise<void> }): Promise<void> {
  if (options.workers <= 1 || !cluster.isPrimary) return options.start();
  const { log } = options;
  let stopping = false;
  const serving = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => serving.add(worker));
  };
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w) && !w!.isDead());
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = alive();
    const gone = Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) resolve();
            else w.once('exit', () => resolve());
          }),
      ),
    );
    for (const worker of workers) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const worker of alive()) worker.process.kill('SIGKILL');
    }, options.graceMs + 5000);
    await gone;
    clearTimeout(timer);
    process.exit(code);
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (code === 0 && !signal) {
      // Only a shutdown ends a worker cleanly (the terminal's Ctrl-C reaches the workers too): stop the rest.
      void stopAll(0);
      return;
    }
    if (!serving.has(worker)) {
      log.error('a gateway worker exited before it was serving; stopping the gateway', { pid: worker.process.pid, code, signal });
      void stopAll(1);
      return;
    }
    log.warn('a gateway worker exited; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGINT', () => void stopAll(0));
  for (let i = 0; i < options.workers; i++) fork();
  log.info('gateway primary started its workers', { workers: options.workers, pid: process.pid });
}
