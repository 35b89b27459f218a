import { authorize } from '../kit/caller';
import type { SubgraphRequestContext } from '../kit/requestContext';

export const BENEFITS_DOMAIN = 'benefits';

/**
 * The gate around every Citizen field: FORBIDDEN before anything is loaded, and after a
 * successful read by a third party a note for the access log (own reads are not logged).
 */
export async function readCitizen<T>(ctx: Pick<SubgraphRequestContext, 'caller' | 'access'>, cpr: string, load: () => Promise<T>): Promise<T> {
  authorize(ctx.caller, cpr, BENEFITS_DOMAIN, 'read');
  const value = await load();
  ctx.access.record(cpr, BENEFITS_DOMAIN);
  return value;
}
