import type { GraphQLResolveInfo } from 'graphql';
import { actorNameOf, roleOf } from '../kit/accessLog';
import type { Clock } from '../kit/clock';
import type { SelfserviceContext } from './context';
import type { SelfserviceStores } from './stores';

/**
 * A read of a citizen's exemptions, powers of attorney or access log by anyone but the citizen
 * (a caseworker, a custodian, a delegate) lands in that citizen's log before the data leaves:
 * written here, in the store, so if it cannot be written the field fails and nothing is shown.
 */
export async function logThirdPartyRead(stores: SelfserviceStores, clock: Clock, context: SelfserviceContext, cpr: string, info: GraphQLResolveInfo): Promise<void> {
  const { caller } = context;
  const role = roleOf(caller, cpr);
  if (!role) return;
  const operation = `${info.operation.operation} ${info.operation.name?.value ?? 'anonymous'}`;
  const key = `${cpr}|${operation}`;
  if (context.loggedReads.has(key)) return;
  context.loggedReads.add(key);
  try {
    await stores.accessLog.append([{
      subjectCpr: cpr, actorId: caller.actor.id, actorRole: role, actorAuthority: caller.actor.authority, actorName: actorNameOf(caller), domain: 'selfservice', operation, requestId: caller.requestId, at: caller.at,
    }], clock.now());
  } catch (error) {
    context.loggedReads.delete(key);
    throw error;
  }
}
