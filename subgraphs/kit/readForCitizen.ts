import { authorize } from '../../domain/caller/authorize';
import type { Domain } from '../../domain/caller/types';
import type { SubgraphRequestContext } from './requestContext';

/**
 * The gate around every Citizen field a subgraph resolves: FORBIDDEN before anything is loaded
 * (a forbidden citizen costs no legacy call), and after the read a note for the citizen's
 * access log (the citizen's own reads are not logged).
 */
export async function readForCitizen<T>(
  ctx: Pick<SubgraphRequestContext, 'caller' | 'access'>,
  cpr: string,
  domain: Domain,
  load: () => Promise<T>,
): Promise<T> {
  authorize(ctx.caller, cpr, domain, 'read');
  const value = await load();
  ctx.access.record(cpr, domain);
  return value;
}
