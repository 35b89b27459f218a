import path from 'node:path';
import { type DevIssuer, loadDevIssuer } from '../../gateway/identity/devIssuer';
import { systemClock } from '../../platform/clock';

/**
 * The development issuer whose key a running `npm start` uses (under DATA_DIR, default ./data), for
 * scripts that mint demo tokens against it. The caller refuses first where NODE_ENV looks deployed.
 */
export function localDevIssuer(): Promise<DevIssuer> {
  return loadDevIssuer(path.resolve(process.env.DATA_DIR ?? 'data'), false, systemClock);
}
