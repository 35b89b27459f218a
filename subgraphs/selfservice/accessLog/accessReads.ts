import type { GraphQLResolveInfo } from 'graphql';
import { AccessRecorder } from '../../kit/accessLog';
import type { Clock } from '../../../platform/clock';
import type { SelfserviceContext } from '../context';
import type { SelfserviceStores } from '../store/stores';

/**
 * A read of a citizen's exemptions, powers of attorney or access log by anyone but the citizen
 * (a caseworker, a custodian, a delegate) lands in that citizen's log before the data leaves:
 * written here, in the store, so if it cannot be written the field fails and nothing is shown.
 */
export async function logThirdPartyRead(
  stores: SelfserviceStores,
  clock: Clock,
  context: SelfserviceContext,
  cpr: string,
  info: GraphQLResolveInfo,
): Promise<void> {
  const operation = `${info.operation.operation} ${info.operation.name?.value ?? 'anonymous'}`;
  const entry = new AccessRecorder(context.caller).entryFor(cpr, 'selfservice', operation);
  if (!entry) return;
  const key = `${cpr}|${operation}`;
  if (context.loggedReads.has(key)) return;
  context.loggedReads.add(key);
  try {
    await stores.accessLog.append([entry], clock.now());
  } catch (error) {
    context.loggedReads.delete(key);
    throw error;
  }
}
