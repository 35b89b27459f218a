import { defineConfig, LOGGING_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { faultSettings } from '../kit/faultSettings';

/** The housing stand-in's settings (legacy/housing/main.ts); development and tests only, never deployed. */
export const serviceConfig = defineConfig(
  'legacy housing stand-in',
  'legacy/housing/main.ts',
  'the housing-benefit stand-in, REST (development and tests; not deployed).',
  {
    LEGACY_HOUSING_PORT: setting.port('Port the stand-in listens on.', DEFAULT_PORTS.legacyHousing),
    ...faultSettings('LEGACY_HOUSING'),
    ...LOGGING_SETTINGS,
  },
);
