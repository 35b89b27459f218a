import type { LegacySystemModule } from '../kit/system';
import { startCprStandIn } from './standIn';

export const system: LegacySystemModule = { kind: 'server', start: startCprStandIn };
