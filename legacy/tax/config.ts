import { defineConfig, LOGGING_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { faultSettings } from '../kit/faultSettings';

/** The tax stand-in's settings (legacy/tax/main.ts); development and tests only, never deployed. */
export const serviceConfig = defineConfig('legacy tax stand-in', 'legacy/tax/main.ts', 'the tax agency stand-in, SOAP (development and tests; not deployed).', {
  LEGACY_TAX_PORT: setting.port('Port the stand-in listens on.', DEFAULT_PORTS.legacyTax),
  ...faultSettings('LEGACY_TAX'),
  ...LOGGING_SETTINGS,
});
