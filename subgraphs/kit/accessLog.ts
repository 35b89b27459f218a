import { ErrorCode } from '../../platform/errors';
import { messageOf } from '../../platform/errors';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { CallerContext, Domain } from '../../domain/caller/types';
import type { Logger } from '../../platform/logger';
import type { AccessLogEntry, AccessRole, SelfserviceClient } from '../selfservice/client/selfserviceClient';

/**
 * Collects, during one request, every citizen whose data someone other than that citizen read
 * or changed, and writes them to the access log ("Min Log") before the response leaves.
 */
export class AccessRecorder {
  private readonly entries = new Map<string, AccessLogEntry>();
  /** The GraphQL operation, e.g. "query Overview__tax__1"; set by accessLogPlugin once parsed. */
  operation = 'unknown operation';

  constructor(private readonly caller: CallerContext) {}

  private readonly alreadyWritten = new Set<string>();

  /**
   * Notes an access to cpr's data in domain; the citizen's own reads are not logged. `role` is
   * given only where the context alone does not say it (a holder reading a grantor's name).
   */
  record(cpr: string, domain: Domain, operation?: string, role?: AccessRole): void {
    const entry = this.entryFor(cpr, domain, operation, role);
    if (!entry) return;
    const id = entryKey(entry);
    if (this.entries.has(id) || this.alreadyWritten.has(id)) return;
    this.entries.set(id, entry);
  }

  /** The entry an access would make, undefined for the citizen's own; for writes logged ahead (logFilingIntent). */
  entryFor(cpr: string, domain: Domain, operation?: string, role: AccessRole | undefined = roleOf(this.caller, cpr)): AccessLogEntry | undefined {
    if (!role) return undefined;
    // The gateway's own reads are logged with why it looked, not the operation it used.
    const op = this.caller.actor.kind === 'system' ? (this.caller.purpose ?? 'acting-for check') : (operation ?? this.operation);
    return {
      subjectCpr: cpr,
      actorId: this.caller.actor.id,
      actorRole: role,
      actorAuthority: this.caller.actor.authority,
      actorName: actorNameOf(this.caller),
      domain,
      operation: op,
      requestId: this.caller.requestId,
      at: this.caller.at,
    };
  }

  /** An entry written ahead of time: the response-time write skips it. */
  markWritten(entry: AccessLogEntry): void {
    this.alreadyWritten.add(entryKey(entry));
  }

  list(): AccessLogEntry[] {
    return [...this.entries.values()];
  }
}

/** One entry per citizen, domain and operation in a request: the same look twice is logged once. */
function entryKey(entry: AccessLogEntry): string {
  return `${entry.subjectCpr}|${entry.domain}|${entry.operation}`;
}

/** Why the caller touches cpr's data, as the access log shows it; undefined for a citizen's own. */
export function roleOf(caller: CallerContext, cpr: string): AccessRole | undefined {
  const { actor, actingFor } = caller;
  if (actor.kind === 'citizen' && actor.cpr === cpr) return undefined;
  if (actor.kind === 'system') return 'SYSTEM';
  if (actor.kind === 'caseworker') return 'CASEWORKER';
  if (actor.kind === 'citizen' && actingFor?.cpr === cpr) return actingFor.basis === 'custody' ? 'CUSTODIAN' : 'DELEGATE';
  return undefined;
}

/** What the access log shows for the system actor: the graph itself, and why it looked. */
export const SYSTEM_ACTOR_NAME = 'Citizen Graph';

/**
 * Who acted, as the citizen whose log it is would recognise them: a citizen's name (the register's,
 * put in the signed context by the gateway), a caseworker's name and authority, or "Citizen Graph"
 * and why it looked. Only ever from the signed context, and never a CPR number.
 */
export function actorNameOf(caller: CallerContext): string | undefined {
  const { actor } = caller;
  const name = actor.name && !looksLikeCpr(actor.name) ? actor.name.trim() : '';
  let shown: string | undefined;
  if (actor.kind === 'system') shown = `${SYSTEM_ACTOR_NAME} (${caller.purpose ?? 'acting-for check'})`;
  else if (actor.kind === 'citizen' || !actor.authority) shown = name || undefined;
  else shown = name ? `${name} (${actor.authority})` : actor.authority;
  return shown?.slice(0, MAX_ACTOR_NAME_LENGTH);
}

/** Longest actor name an entry carries; longer ones are cut, never refused (refusing would withhold the data). */
export const MAX_ACTOR_NAME_LENGTH = 200;

/** A name claim holding a CPR number (with or without the hyphen) is never shown. */
function looksLikeCpr(text: string): boolean {
  return /\d{6}-?\d{4}/.test(text);
}

export const ACCESS_LOG_UNAVAILABLE = ErrorCode.ACCESS_LOG_UNAVAILABLE;

/**
 * Response header: how many access-log entries the subgraph wrote for this call (0 for a citizen's
 * own reads). The gateway lets concurrent identical self-reads share an answer only when it says 0.
 */
export const ACCESS_LOGGED_HEADER = 'x-access-logged';

/** What a subgraph's context carries for the access log. */
export interface AccessLoggingContext extends BaseContext {
  readonly access?: AccessRecorder;
  /** The gateway-signed context, forwarded to the selfservice access-log endpoint. */
  readonly callerToken?: string;
}

/**
 * Writes the request's access-log entries before the response is sent. Fail closed: if the
 * log cannot be written, the response carries no data, only ACCESS_LOG_UNAVAILABLE.
 */
export function accessLogPlugin<C extends AccessLoggingContext>(client: Pick<SelfserviceClient, 'recordAccess'>, logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          if (contextValue.access) contextValue.access.operation = `${operation?.operation ?? 'query'} ${operationName ?? 'anonymous'}`;
        },
        async willSendResponse({ contextValue, response }) {
          const entries = contextValue.access?.list() ?? [];
          // Tells the gateway whether this answer may stand for another request's read (shareIdenticalFetches.ts).
          response.http.headers.set(ACCESS_LOGGED_HEADER, String(entries.length));
          if (entries.length === 0 || !contextValue.callerToken || response.body.kind !== 'single') return;
          try {
            await client.recordAccess(contextValue.callerToken, entries);
          } catch (error) {
            logger.error('access log write failed; withholding the data', { message: messageOf(error), entries: entries.length });
            const withheld = new GraphQLError('The data was withheld because the access log could not be written; please try again.', {
              extensions: { code: ACCESS_LOG_UNAVAILABLE },
            });
            response.body.singleResult = { data: null, errors: [withheld.toJSON()] };
          }
        },
      };
    },
  };
}
