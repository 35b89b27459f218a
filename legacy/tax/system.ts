import type { LegacySystemModule } from '../kit/system';
import { startTaxStandIn } from './standIn';

export const system: LegacySystemModule = { kind: 'server', start: startTaxStandIn };
