import { Gauge, type Registry } from 'prom-client';

/** A dependency the service cannot work without: resolves when it answers, rejects when not. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<unknown>;
}

export interface ReadinessOptions {
  /** A check that has not answered in this time failed. */
  readonly timeoutMs?: number;
  /** A verdict is reused this long, so a busy probe does not hammer the dependency. */
  readonly cacheMs?: number;
  /** Exposes readiness_check_up{check} when given. */
  readonly registry?: Registry;
}

export interface ReadinessVerdict {
  readonly ready: boolean;
  /** Check name to whether it passed. */
  readonly checks: Readonly<Record<string, boolean>>;
}

/** The checks behind /ready, run on each call (with a short timeout and a tiny cache). */
export class ReadinessChecks {
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private last?: { at: number; verdict: Promise<ReadinessVerdict> };
  private lastChecks: Record<string, boolean> = {};

  constructor(
    private readonly checks: readonly ReadinessCheck[],
    options: ReadinessOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.cacheMs = options.cacheMs ?? 500;
    if (options.registry) {
      const self = this;
      new Gauge({
        name: 'readiness_check_up',
        help: 'Last result of each readiness check: 1 passed, 0 failed',
        labelNames: ['check'],
        registers: [options.registry],
        collect() {
          for (const [check, ok] of Object.entries(self.lastChecks)) this.set({ check }, ok ? 1 : 0);
        },
      });
    }
  }

  verdict(): Promise<ReadinessVerdict> {
    const now = performance.now();
    if (this.last && now - this.last.at < this.cacheMs) return this.last.verdict;
    const verdict = this.run();
    this.last = { at: now, verdict };
    return verdict;
  }

  private async run(): Promise<ReadinessVerdict> {
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await this.passes(c)] as const));
    this.lastChecks = Object.fromEntries(results);
    return { ready: results.every(([, ok]) => ok), checks: this.lastChecks };
  }

  private async passes(check: ReadinessCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    try {
      return await Promise.race([
        check.check().then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A SQL store answers `select 1`. */
export function sqlReadinessCheck(name: string, sql: { query(text: string): Promise<unknown> }): ReadinessCheck {
  return { name, check: () => sql.query('select 1') };
}
