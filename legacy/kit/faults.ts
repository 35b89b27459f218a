/** Fault knobs every stand-in has, so tests and load runs can make a legacy system misbehave. */
export interface FaultSettings {
  /** Added to every call, in milliseconds. */
  latencyMs: number;
  /** Extra random latency, 0..jitterMs, added on top. */
  jitterMs: number;
  /** Share of calls, 0..1, answered with the system's own error form. */
  errorRate: number;
  /** When true the system refuses every call (HTTP 503 with the system's own error form). */
  down: boolean;
}

export const DEFAULT_FAULTS: FaultSettings = { latencyMs: 0, jitterMs: 0, errorRate: 0, down: false };

/** Applies a partial update (from JSON or env strings), rejecting nonsense with a clear message. */
export function mergeFaults(current: FaultSettings, update: Record<string, unknown>): FaultSettings {
  const next = { ...current };
  for (const [key, raw] of Object.entries(update)) {
    if (raw === undefined) continue;
    switch (key) {
      case 'latencyMs':
      case 'jitterMs': {
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0) throw new Error(`fault "${key}" must be a number of milliseconds >= 0, got ${JSON.stringify(raw)}`);
        next[key] = n;
        break;
      }
      case 'errorRate': {
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`fault "errorRate" must be between 0 and 1, got ${JSON.stringify(raw)}`);
        next.errorRate = n;
        break;
      }
      case 'down':
        next.down = raw === true || raw === 'true' || raw === '1';
        break;
      default:
        throw new Error(`unknown fault "${key}"; known: latencyMs, jitterMs, errorRate, down`);
    }
  }
  return next;
}
