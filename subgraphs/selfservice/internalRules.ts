import { roleOf } from '../kit/accessLog';
import type { ServiceCatalogue } from '../kit/catalogue/catalogue';
import type { AccessLogEntry, ActingContextQuery, FilingEntry } from '../kit/selfserviceClient';
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

/** Each entry says what the forwarded context did: its actor, role, request, instant, and the calling service's domain. */
export function checkAccessEntries(entries: AccessLogEntry[], caller: InternalCaller): AccessLogEntry[] {
  const ctx = caller.context;
  entries.forEach((entry, i) => {
    const wrong = (what: string) => new InternalRefusal(`entries[${i}].${what} does not match the caller context`);
    if (entry.actorId !== ctx.actor.id) throw wrong('actorId');
    if ((entry.actorAuthority ?? undefined) !== ctx.actor.authority) throw wrong('actorAuthority');
    if (entry.requestId !== ctx.requestId) throw wrong('requestId');
    if (entry.at !== new Date(ctx.at).toISOString()) throw wrong('at');
    if (entry.domain !== caller.service) throw wrong('domain');
    // With a subject named in the request, only that subject; a caseworker's caseload read names none.
    if (ctx.actingFor && entry.subjectCpr !== ctx.actingFor.cpr) throw wrong('subjectCpr');
    if (entry.actorRole !== roleOf(ctx, entry.subjectCpr)) throw wrong('actorRole');
  });
  return entries;
}

/** A filing is for the context's subject, over its channel, at its instant, of a service the calling subgraph files. */
export function checkFiling(entry: FilingEntry, caller: InternalCaller, catalogue: ServiceCatalogue): FilingEntry {
  const ctx = caller.context;
  const subject = ctx.actingFor?.cpr ?? ctx.actor.cpr;
  if (entry.subjectCpr !== subject) throw new InternalRefusal('entry.subjectCpr is not the caller context\'s subject');
  if (entry.channel !== ctx.channel) throw new InternalRefusal('entry.channel is not the caller context\'s channel');
  if (entry.filedAt !== new Date(ctx.at).toISOString()) throw new InternalRefusal('entry.filedAt is not the request\'s instant');
  if (catalogue.get(entry.service)?.domain !== caller.service) throw new InternalRefusal(`the ${caller.service} service does not file ${entry.service}`);
  return entry;
}
