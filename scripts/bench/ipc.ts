import { type ChildProcess, fork } from 'node:child_process';

/** Request/response over a forked child's IPC channel: the driver asks, the benchmarked process answers. */
// biome-ignore lint/suspicious/noExplicitAny: each handler takes its own argument shape over the IPC channel.
type Handlers = Record<string, (args: any) => unknown>;

interface Ask {
  readonly id: number;
  readonly command: string;
  readonly args: unknown;
}
interface Answer {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** In the child: answers the driver's commands, then says it is ready with `ready`. */
export function answerDriver(handlers: Handlers, ready: unknown): void {
  process.on('message', async (message: Ask) => {
    const handler = handlers[message.command];
    try {
      if (!handler) throw new Error(`unknown command ${message.command}`);
      process.send!({ id: message.id, result: await handler(message.args) } satisfies Answer);
    } catch (error) {
      process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies Answer);
    }
  });
  process.send!({ id: 0, result: ready } satisfies Answer);
}

export interface BenchedProcess<Ready> {
  readonly ready: Ready;
  ask<T>(command: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks an entry point and waits for its ready message: TypeScript under tsx (`--import tsx`, the
 * default), or compiled JavaScript with plain node (`tsx: false`, as the bench runs the peers it compares).
 */
export async function forkBenched<Ready>(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  nodeFlags: readonly string[] = [],
  { tsx = true }: { readonly tsx?: boolean } = {},
): Promise<BenchedProcess<Ready>> {
  const execArgv = tsx ? [...nodeFlags, '--import', 'tsx'] : [...nodeFlags];
  const child: ChildProcess = fork(entry, args, { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let sequence = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Ready>((resolve, reject) => {
    pending.set(0, { resolve: resolve as (value: unknown) => void, reject });
    child.once('exit', (code) => {
      for (const waiting of pending.values()) waiting.reject(new Error(`${entry} exited with code ${code}`));
      pending.clear();
    });
  });
  child.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.error !== undefined) waiting?.reject(new Error(answer.error));
    else waiting?.resolve(answer.result);
  });
  const ask = <T>(command: string, commandArgs?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = ++sequence;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command, args: commandArgs } satisfies Ask);
    });
  return {
    ready: await ready,
    ask,
    async stop() {
      await ask('stop').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
