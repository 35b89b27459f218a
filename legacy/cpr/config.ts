import { defineConfig, LOGGING_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { faultSettings } from '../kit/faultSettings';

/** The cpr stand-in's settings (legacy/cpr/main.ts); development and tests only, never deployed. */
export const serviceConfig = defineConfig(
  'legacy cpr stand-in',
  'legacy/cpr/main.ts',
  'the population register (CPR) stand-in, fixed-width records over HTTP (development and tests; not deployed).',
  {
    LEGACY_CPR_PORT: setting.port('Port the stand-in listens on.', DEFAULT_PORTS.legacyCpr),
    ...faultSettings('LEGACY_CPR'),
    ...LOGGING_SETTINGS,
  },
);
