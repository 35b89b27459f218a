/** CPU time and peak resident memory of this process since the last reset: what each benchmarked process reports. */
export interface ProcessFigures {
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

export interface ProcessStats {
  reset(): void;
  read(): ProcessFigures;
  stop(): void;
}

/** Samples RSS every sampleMs (the peak between samples can be missed; short spikes are not what we look for). */
export function processStats(sampleMs = 50): ProcessStats {
  let peak = process.memoryUsage.rss();
  let since = process.cpuUsage();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, sampleMs);
  timer.unref();
  return {
    reset() {
      peak = process.memoryUsage.rss();
      since = process.cpuUsage();
    },
    read() {
      peak = Math.max(peak, process.memoryUsage.rss());
      const used = process.cpuUsage(since);
      return { cpuMs: (used.user + used.system) / 1000, peakRssMb: peak / 2 ** 20 };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
