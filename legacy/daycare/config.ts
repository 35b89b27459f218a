import { defineConfig, LOGGING_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { faultSettings } from '../kit/faultSettings';

/** The daycare stand-in's settings (legacy/daycare/main.ts); development and tests only, never deployed. */
export const serviceConfig = defineConfig(
  'legacy daycare stand-in',
  'legacy/daycare/main.ts',
  'the Municipal daycare system (REST/JSON) stand-in (development and tests; not deployed).',
  {
    LEGACY_DAYCARE_PORT: setting.port('Port the stand-in listens on.', DEFAULT_PORTS.legacyDaycare),
    ...faultSettings('LEGACY_DAYCARE'),
    ...LOGGING_SETTINGS,
  },
);
