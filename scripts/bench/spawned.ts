import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { procTreeStats, treeOf, type TreeFigures } from './procTree';

/**
 * A gateway the bench runs as a plain child process (our gateway's cluster, Hive Gateway's CLI):
 * started, waited for until it answers GraphQL, measured from /proc (its whole process tree), and
 * stopped with SIGTERM (SIGKILL after a grace).
 */
export interface SpawnedGateway {
  readonly url: string;
  readonly pid: number;
  reset(): void;
  counters(): { process: TreeFigures };
  stop(): Promise<void>;
}

export interface SpawnOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly url: string;
  readonly readyTimeoutMs?: number;
}

export async function spawnGateway(options: SpawnOptions): Promise<SpawnedGateway> {
  let output = '';
  const child: ChildProcess = spawn(options.command, [...options.args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept for the error message when it never gets ready; passed through to stderr otherwise only when it fails.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${options.name} exited with code ${exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer at ${options.url} within ${options.readyTimeoutMs ?? 90_000} ms:\n${output}`);
    }
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.text();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const stats = procTreeStats(child.pid!);
  return {
    url: options.url,
    pid: child.pid!,
    reset: () => stats.reset(),
    counters: () => ({ process: stats.read() }),
    async stop() {
      stats.stop();
      // Its workers too, if the primary is gone before them or never lets them go.
      const tree = treeOf(child.pid!);
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const pid of tree) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
