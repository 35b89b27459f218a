import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessFigures } from './processStats';

/**
 * CPU time and memory of a process and its children (a cluster's primary and its workers), read
 * from /proc by the driver, so a process the bench did not write (Hive Gateway's CLI, our gateway's
 * cluster) is measured the same way as any other. Linux only; elsewhere the figures are NaN.
 */
export interface TreeFigures extends ProcessFigures {
  /** The largest peak resident memory of any one process of the tree (one worker). */
  readonly peakWorkerRssMb: number;
  readonly processes: number;
}

export interface TreeStats {
  reset(): void;
  read(): TreeFigures;
  stop(): void;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
const PAGE_MB = 4096 / 2 ** 20;

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** A process and its descendants (Linux /proc), the root first. */
export function treeOf(root: number): number[] {
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
  return all;
}

/** utime + stime of one process in ms, and its resident memory in MB; undefined once it is gone. */
function sample(pid: number): { cpuMs: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, rss (pages) 24.
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, rssMb: Number(fields[21]) * PAGE_MB };
  } catch {
    return undefined;
  }
}

export function procTreeStats(root: number, sampleMs = 50): TreeStats {
  let cpuBase = new Map<number, number>();
  let peakTotal = 0;
  let peakOne = 0;
  let seen = 0;
  const snapshot = () => {
    const now = new Map<number, { cpuMs: number; rssMb: number }>();
    for (const pid of treeOf(root)) {
      const s = sample(pid);
      if (s) now.set(pid, s);
    }
    return now;
  };
  const observe = (now: Map<number, { cpuMs: number; rssMb: number }>) => {
    let total = 0;
    for (const s of now.values()) {
      total += s.rssMb;
      peakOne = Math.max(peakOne, s.rssMb);
    }
    peakTotal = Math.max(peakTotal, total);
    seen = Math.max(seen, now.size);
  };
  const timer = setInterval(() => observe(snapshot()), sampleMs);
  timer.unref();
  const reset = () => {
    const now = snapshot();
    cpuBase = new Map([...now].map(([pid, s]) => [pid, s.cpuMs]));
    peakTotal = 0;
    peakOne = 0;
    seen = 0;
    observe(now);
  };
  reset();
  return {
    reset,
    read() {
      const now = snapshot();
      observe(now);
      let cpuMs = 0;
      for (const [pid, s] of now) cpuMs += s.cpuMs - (cpuBase.get(pid) ?? 0);
      if (process.platform !== 'linux') return { cpuMs: Number.NaN, peakRssMb: Number.NaN, peakWorkerRssMb: Number.NaN, processes: 0 };
      return { cpuMs, peakRssMb: peakTotal, peakWorkerRssMb: peakOne, processes: seen };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
