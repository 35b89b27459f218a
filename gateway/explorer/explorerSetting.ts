import type { EnvReader } from '../../platform';

/** GATEWAY_EXPLORER: on by default outside production, off in production unless set to true. */
export function explorerEnabled(env: EnvReader, production: boolean): boolean {
  return env.boolean('GATEWAY_EXPLORER', !production);
}
