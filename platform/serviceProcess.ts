import { messageOf } from './errors';

/**
 * A service's process (each `main.ts`): runs `start`, which returns how to stop what it started.
 * Failing to start is one line on stderr, "<name> failed to start: <why>", and exit code 1 (a
 * setting that fails its check names the variable in <why>). Once started, the first SIGINT or
 * SIGTERM stops it and exits 0, or writes "<name> failed to stop: <why>" and exits 1; a second
 * signal while stopping changes nothing.
 */
export function runService(name: string, start: () => Promise<() => Promise<unknown>>): void {
  start().then(
    (stop) => {
      let stopping = false;
      const onSignal = () => {
        if (stopping) return;
        stopping = true;
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${name} failed to stop: ${messageOf(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed to start: ${messageOf(error)}\n`);
      process.exit(1);
    },
  );
}
