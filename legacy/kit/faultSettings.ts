import { setting, type Variable } from '../../platform/config';
import type { FaultSettings } from './faults';

type FaultVariables<P extends string> = { readonly [K in `${P}_DOWN`]: Variable<boolean> } & {
  readonly [K in `${P}_LATENCY_MS` | `${P}_JITTER_MS` | `${P}_ERROR_RATE`]: Variable<number>;
};

/** A stand-in's fault knobs from the environment (read back with faultsOf): <PREFIX>_DOWN, _LATENCY_MS, _JITTER_MS, _ERROR_RATE. */
export function faultSettings<P extends string>(prefix: P): FaultVariables<P> {
  return {
    [`${prefix}_DOWN`]: setting.boolean("The stand-in refuses every call (HTTP 503 in the system's own error form).", false),
    [`${prefix}_LATENCY_MS`]: setting.number('Added to every call, ms.', 0),
    [`${prefix}_JITTER_MS`]: setting.number('Extra random latency 0..this on top, ms.', 0),
    [`${prefix}_ERROR_RATE`]: setting.number("Share of calls answered with the system's own error form.", 0, { min: 0, max: 1 }),
  } as FaultVariables<P>;
}

type FaultValues<P extends string> = Readonly<Record<`${P}_DOWN`, boolean> & Record<`${P}_LATENCY_MS` | `${P}_JITTER_MS` | `${P}_ERROR_RATE`, number>>;

/** The fault settings a stand-in's loaded config holds under `prefix` (faultSettings above declared them). */
export function faultsOf<P extends string>(config: FaultValues<P>, prefix: P): FaultSettings {
  const down: Readonly<Record<`${P}_DOWN`, boolean>> = config;
  const numbers: Readonly<Record<`${P}_LATENCY_MS` | `${P}_JITTER_MS` | `${P}_ERROR_RATE`, number>> = config;
  return {
    down: down[`${prefix}_DOWN`],
    latencyMs: numbers[`${prefix}_LATENCY_MS`],
    jitterMs: numbers[`${prefix}_JITTER_MS`],
    errorRate: numbers[`${prefix}_ERROR_RATE`],
  };
}
