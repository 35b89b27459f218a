import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { ACCESS_LOGGED_HEADER, AccessRecorder } from '../../kit/accessLog';
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

/**
 * Tells the gateway how many third-party reads this answer logged (ACCESS_LOGGED_HEADER), as the
 * kit's accessLogPlugin does for the other subgraphs: concurrent identical self-reads share an
 * answer only when it says 0 (gateway/datasources/shareIdenticalFetches.ts).
 */
export function accessReadsCountPlugin(): ApolloServerPlugin<SelfserviceContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set(ACCESS_LOGGED_HEADER, String(contextValue.loggedReads?.size ?? 1));
        },
      };
    },
  };
}
