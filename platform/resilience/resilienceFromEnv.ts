import type { EnvReader } from '../env';
import type { LegacyHttpOptions } from '../legacyHttp';

/**
 * A legacy system's retry and breaker settings from the environment, for a subgraph's main.ts:
 * LEGACY_<SYSTEM>_RETRIES, _RETRY_BASE_DELAY_MS, _BREAKER_FAILURES, _HALF_OPEN_AFTER_MS.
 * Unset variables keep DEFAULT_LEGACY_HTTP_OPTIONS.
 */
export function resilienceFromEnv(env: EnvReader, system: string): Partial<LegacyHttpOptions> {
  const prefix = `LEGACY_${system.toUpperCase()}`;
  const pick = (name: string, min: number, max: number) => {
    const raw = env.optional(`${prefix}_${name}`);
    return raw === undefined ? undefined : env.int(`${prefix}_${name}`, 0, { min, max });
  };
  const options: Record<string, number | undefined> = {
    retries: pick('RETRIES', 0, 10),
    retryBaseDelayMs: pick('RETRY_BASE_DELAY_MS', 1, 60_000),
    breakerConsecutiveFailures: pick('BREAKER_FAILURES', 1, 1000),
    breakerHalfOpenAfterMs: pick('HALF_OPEN_AFTER_MS', 100, 600_000),
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<LegacyHttpOptions>;
}
