import type { RateLimitStore } from './RateLimitStore';

/** Fixed windows in this process: the fallback without Redis (limits then hold per replica). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private lastSweep = 0;

  // Windows are durations, so a monotonic timer, not the wall clock.
  constructor(private readonly now: () => number = () => performance.now()) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.endsAt - now };
  }

  /** Forgets ended windows, at most once per window length, so memory follows active clients. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
