import { authorize, type Domain } from '../kit';
import type { TaxContext } from './context';

/** Caseworker scopes, delegation grants and the access log name this domain. */
export const TAX_DOMAIN: Domain = 'tax';

/**
 * Reads one citizen's tax data for the caller: FORBIDDEN before the agency is asked unless the
 * caller may read it, and a note for the citizen's access log once it was read.
 */
export async function readForCitizen<V>(ctx: TaxContext, cpr: string, read: () => Promise<V>): Promise<V> {
  authorize(ctx.caller, cpr, TAX_DOMAIN, 'read');
  const value = await read();
  ctx.access.record(cpr, TAX_DOMAIN);
  return value;
}
