/** Runs `task` with fixed concurrency for `count` runs; returns throughput and latency percentiles. */
export interface Measurement {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export async function measure(count: number, concurrency: number, task: (i: number) => Promise<boolean>): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const ok = await task(i).catch(() => false);
      latencies.push(performance.now() - t);
      if (!ok) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { requests: count, seconds, perSecond: count / seconds, p50Ms: pct(50), p99Ms: pct(99), failures };
}

export function formatRow(label: string, m: Measurement, legacyCallsPerRequest: string): string {
  return `| ${label.padEnd(34)} | ${m.perSecond.toFixed(1).padStart(7)} | ${m.p50Ms.toFixed(1).padStart(7)} | ${m.p99Ms.toFixed(1).padStart(7)} | ${legacyCallsPerRequest.padStart(24)} | ${String(m.failures).padStart(4)} |`;
}
