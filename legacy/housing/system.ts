import type { LegacySystemModule } from '../kit/system';
import { startHousingStandIn } from './standIn';

export const system: LegacySystemModule = { kind: 'server', start: startHousingStandIn };
