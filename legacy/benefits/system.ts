import type { LegacySystemModule } from '../kit/system';
import { installBenefitsDatabase } from './install';

export const system: LegacySystemModule = { kind: 'database', install: (sql, population) => installBenefitsDatabase(sql, population) };
