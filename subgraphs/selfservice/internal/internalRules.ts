import { actorNameOf, roleOf } from '../../kit/accessLog';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import type { AccessLogEntry, AccessRole, ActingContextQuery, FilingEntry, GrantorsInForceQuery } from '../client/selfserviceClient';
import { type InternalCaller, InternalRefusal } from './internalCallers';

/**
 * What an allowed caller may write or ask is bounded by the context it forwards: the one subject,
 * actor, request, instant and day the gateway signed. No one logs or files in another's name.
 */

/** The gateway asks about the one subject its system context names, for the request's own day. */
export function checkActingQuery(query: ActingContextQuery, ctx: InternalCaller['context']): ActingContextQuery {
  if (ctx.actingFor?.cpr !== query.subjectCpr) throw new InternalRefusal('the system context names another subject');
  if (query.onDate !== ctx.today) throw new InternalRefusal("onDate must be the request's own day");
  return query;
}

/** The grantors among `grantorCprs` from whom `holderCpr` holds a power of attorney in force on `day` (the store's answer). */
export type GrantorsInForce = (holderCpr: string, grantorCprs: readonly string[], day: string) => Promise<readonly string[]>;

/**
 * Each entry says what the forwarded context did: its actor (id, authority, name), role, request,
 * instant, and the calling service's domain. Entries are stored with the context's actor name. The
 * one role the context alone cannot prove, a holder reading a grantor's name (DELEGATE, not acting
 * for them), must match a power of attorney in force today in this store.
 */
export async function checkAccessEntries(entries: AccessLogEntry[], caller: InternalCaller, grantorsInForce: GrantorsInForce): Promise<AccessLogEntry[]> {
  const ctx = caller.context;
  const actorName = actorNameOf(ctx);
  const at = new Date(ctx.at).toISOString();
  const grantorsNamed = new Set<string>();
  const checked = entries.map((entry, i) => {
    const wrong = (what: string) => new InternalRefusal(`entries[${i}].${what} does not match the caller context`);
    if (entry.actorId !== ctx.actor.id) throw wrong('actorId');
    if ((entry.actorAuthority ?? undefined) !== ctx.actor.authority) throw wrong('actorAuthority');
    if (entry.actorName !== undefined && entry.actorName !== actorName) throw wrong('actorName');
    if (entry.requestId !== ctx.requestId) throw wrong('requestId');
    if (entry.at !== at) throw wrong('at');
    if (entry.domain !== caller.service) throw wrong('domain');
    // With a subject named in the request, only that subject; a caseworker's caseload read names none.
    if (ctx.actingFor && entry.subjectCpr !== ctx.actingFor.cpr) throw wrong('subjectCpr');
    const role = roleOf(ctx, entry.subjectCpr);
    if (entry.actorRole !== role) {
      if (!isHolderNameRead(entry.actorRole, role, entry.subjectCpr, caller)) throw wrong('actorRole');
      grantorsNamed.add(entry.subjectCpr);
    }
    return { ...entry, actorName };
  });
  if (grantorsNamed.size > 0) {
    const held = new Set(await grantorsInForce(ctx.actor.cpr!, [...grantorsNamed], ctx.today));
    if ([...grantorsNamed].some((cpr) => !held.has(cpr))) throw new InternalRefusal('an entry names a grantor the actor holds no power of attorney from today');
  }
  return checked;
}

/** A citizen, for themselves, reading through the citizen subgraph the name of someone who granted them a power of attorney. */
function isHolderNameRead(claimed: AccessRole, role: AccessRole | undefined, subjectCpr: string, caller: InternalCaller): boolean {
  const { actor, actingFor } = caller.context;
  return (
    claimed === 'DELEGATE' &&
    role === undefined &&
    caller.service === 'citizen' &&
    actor.kind === 'citizen' &&
    actor.cpr !== undefined &&
    actor.cpr !== subjectCpr &&
    (!actingFor || actingFor.cpr === actor.cpr)
  );
}

/** A holder asks only about their own powers of attorney, for themselves; the day is the request's own. */
export function checkGrantorsQuery(
  query: GrantorsInForceQuery,
  ctx: InternalCaller['context'],
): { holderCpr: string; grantorCprs: readonly string[]; day: string } {
  const { actor, actingFor } = ctx;
  if (actor.kind !== 'citizen' || !actor.cpr) throw new InternalRefusal('only a citizen holds powers of attorney');
  if (actingFor && actingFor.cpr !== actor.cpr) throw new InternalRefusal('the context acts for someone else; a holder asks for themselves');
  return { holderCpr: actor.cpr, grantorCprs: query.grantorCprs, day: ctx.today };
}

/** A filing is for the context's subject, over its channel, at its instant, of a service the calling subgraph files. */
export function checkFiling(entry: FilingEntry, caller: InternalCaller, catalogue: ServiceCatalogue): FilingEntry {
  const ctx = caller.context;
  const subject = ctx.actingFor?.cpr ?? ctx.actor.cpr;
  if (entry.subjectCpr !== subject) throw new InternalRefusal("entry.subjectCpr is not the caller context's subject");
  if (entry.channel !== ctx.channel) throw new InternalRefusal("entry.channel is not the caller context's channel");
  if (entry.filedAt !== new Date(ctx.at).toISOString()) throw new InternalRefusal("entry.filedAt is not the request's instant");
  if (catalogue.get(entry.service)?.domain !== caller.service) throw new InternalRefusal(`the ${caller.service} service does not file ${entry.service}`);
  return entry;
}
