/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * the n-th retry (1-based) waits a random time in [0, min(maxMs, baseMs * 2^(n-1))). Full jitter
 * spreads the retries of many callers that failed together, so they do not hit a recovering
 * system in step.
 */
export function fullJitterDelayMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  if (!Number.isInteger(retry) || retry < 1) throw new RangeError(`fullJitterDelayMs: retry is 1-based, got ${retry}`);
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
