import type { LegacySystemModule } from '../kit/system';
import { startDaycareStandIn } from './standIn';

/** How the local stack starts this stand-in (scripts/stack/startStack.ts finds it by the registry name "daycare"). */
export const system: LegacySystemModule = { kind: 'server', start: startDaycareStandIn };
