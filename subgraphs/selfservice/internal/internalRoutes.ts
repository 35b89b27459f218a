import { ErrorCode } from '../../../platform/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CALLER_CONTEXT_HEADER,
  type ContextKeys,
  SERVICE_AUTH_HEADER,
  type ServiceCredential,
  verifyCallerContext,
  verifyServiceProof,
} from '../../../domain/caller';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import type { Clock } from '../../../platform/clock';
import { LegacyError, messageOf } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { AccessRecorder } from '../../kit/accessLog';
import { type AccessLogEntry, type ActingContextAnswer, type GrantorsInForceAnswer, SELFSERVICE_INTERNAL_PATHS } from '../client/selfserviceClient';
import { type InternalCaller, InternalRefusal, mayCall, refusal } from './internalCallers';
import { accessLogEntries, actingContextQuery, filingEntry, grantorsInForceQuery, InvalidBody } from './internalInput';
import { checkAccessEntries, checkActingQuery, checkFiling, checkGrantorsQuery, type GrantorsInForce } from './internalRules';
import type { SelfserviceStores } from '../store/stores';

export interface InternalRoutesDeps {
  readonly stores: SelfserviceStores;
  readonly catalogue: ServiceCatalogue;
  readonly contextPublicKey: ContextKeys['publicKey'];
  /** The subgraphs allowed to write the access log and filings, each with its own secret. */
  readonly services: readonly ServiceCredential[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

export type { Route } from '../../kit/subgraphServer';
import type { Route } from '../../kit/subgraphServer';

type Handler = (body: unknown, caller: InternalCaller) => Promise<ActingContextAnswer | GrantorsInForceAnswer | undefined>;

/**
 * The endpoints the gateway and other subgraphs call (see kit/selfserviceClient.ts). Each names
 * who may call it (internalCallers.ts): the gateway's system identity for acting lookups, a
 * subgraph proving its own name for access-log and filing writes. What a caller writes must match
 * the context it was called with: no one logs or files in another's name.
 */
export function createInternalRoutes(deps: InternalRoutesDeps): Route {
  const secrets = new Map(deps.services.map((s) => [s.name, s.secret]));
  const grantorsInForce: GrantorsInForce = (holder, grantors, day) => deps.stores.delegations.grantorsInForce(holder, grantors, day);
  const handlers: Record<string, Handler> = {
    [SELFSERVICE_INTERNAL_PATHS.actingContext]: async (body, caller) => {
      const query = checkActingQuery(actingContextQuery(body), caller.context);
      const answer = await actingContext(deps.stores, query);
      // The gateway looked at the subject's powers of attorney and exemptions: that is in their log.
      await deps.stores.accessLog.append([systemLookupEntry(caller, query.subjectCpr)], deps.clock.now());
      return answer;
    },
    [SELFSERVICE_INTERNAL_PATHS.accessLog]: async (body, caller) => {
      await deps.stores.accessLog.append(await checkAccessEntries(accessLogEntries(body), caller, grantorsInForce), deps.clock.now());
      return undefined;
    },
    // Only the caller's own powers of attorney, which they may read anyway: nothing for anyone's log.
    [SELFSERVICE_INTERNAL_PATHS.grantorsInForce]: async (body, caller) => {
      const query = checkGrantorsQuery(grantorsInForceQuery(body), caller.context);
      return { grantorCprs: await grantorsInForce(query.holderCpr, query.grantorCprs, query.day) };
    },
    [SELFSERVICE_INTERNAL_PATHS.filings]: async (body, caller) => {
      await deps.stores.filings.record(checkFiling(filingEntry(body, deps.catalogue), caller, deps.catalogue));
      return undefined;
    },
  };

  return async (req, res, requestId) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/internal/')) return false;
    const handler = handlers[path];
    if (!handler) return reply(res, 404, { error: { code: ErrorCode.NOT_FOUND, message: `no internal endpoint ${path}` } });
    if (req.method !== 'POST') return reply(res, 405, { error: { code: ErrorCode.METHOD_NOT_ALLOWED, message: 'internal endpoints take POST' } });
    const token = req.headers[CALLER_CONTEXT_HEADER];
    if (typeof token !== 'string' || token === '') {
      req.resume();
      return reply(res, 401, { error: { code: ErrorCode.UNAUTHENTICATED, message: `a valid gateway-signed ${CALLER_CONTEXT_HEADER} header is required` } });
    }
    let raw: string;
    try {
      raw = await readBody(req, deps.maxBodyBytes);
    } catch (error) {
      return reply(res, 400, { error: { code: ErrorCode.BAD_REQUEST, message: messageOf(error) } });
    }
    // A subgraph's proof names the service; without one, only the gateway's own context can be meant.
    const service = verifyServiceProof(secrets, headerOf(req, SERVICE_AUTH_HEADER), { path, body: raw, callerContext: token });
    let caller: InternalCaller;
    try {
      const verified = await verifyCallerContext(token, deps.contextPublicKey, deps.clock, service ?? 'selfservice');
      caller = { service, context: verified.caller, operation: verified.operation };
    } catch {
      return reply(res, 401, {
        error: { code: ErrorCode.UNAUTHENTICATED, message: `a valid gateway-signed ${CALLER_CONTEXT_HEADER} header addressed to the caller is required` },
      });
    }
    if (!mayCall(path, caller)) {
      deps.logger.warn('internal endpoint refused a caller', { path, requestId, service: service ?? 'none', actor: caller.context.actor.kind });
      return reply(res, 403, { error: { code: ErrorCode.FORBIDDEN, message: refusal(path) } });
    }
    try {
      const answer = await handler(parseJson(raw), caller);
      return answer === undefined ? reply(res, 204) : reply(res, 200, answer);
    } catch (error) {
      if (error instanceof InvalidBody) return reply(res, 400, { error: { code: ErrorCode.BAD_REQUEST, message: error.message } });
      if (error instanceof InternalRefusal) {
        deps.logger.warn('internal endpoint refused a write outside the caller context', {
          path,
          requestId,
          service: service ?? 'none',
          reason: error.message,
        });
        return reply(res, 403, { error: { code: ErrorCode.FORBIDDEN, message: error.message } });
      }
      const unavailable = error instanceof LegacyError && error.kind !== 'fault';
      deps.logger.error('internal endpoint failed', { path, requestId, message: messageOf(error) });
      return reply(res, unavailable ? 503 : 500, {
        error: { code: unavailable ? 'LEGACY_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', message: 'the selfservice store failed', requestId },
      });
    }
  };
}

async function actingContext(stores: SelfserviceStores, query: ReturnType<typeof actingContextQuery>): Promise<ActingContextAnswer> {
  const [delegations, exemptions] = await Promise.all([
    query.actorCpr === query.subjectCpr ? Promise.resolve([]) : stores.delegations.inForceOn(query.actorCpr, query.subjectCpr, query.onDate),
    stores.exemptions.inForceOn(query.subjectCpr, query.onDate),
  ]);
  return {
    delegations: delegations.map((d) => ({ id: d.id, services: d.services, actions: d.actions, validFrom: d.validFrom, validTo: d.validTo })),
    exemptions: exemptions.map((e) => ({
      id: e.id,
      authorities: e.allAuthorities ? 'ALL' : e.authorities,
      reason: e.reason,
      validFrom: e.validFrom,
      validTo: e.validTo,
    })),
  };
}

/** The gateway's look at the subject, as the kit writes any system read: why it looked, in the selfservice domain. */
function systemLookupEntry(caller: InternalCaller, subjectCpr: string): AccessLogEntry {
  return new AccessRecorder(caller.context).entryFor(subjectCpr, 'selfservice', undefined, 'SYSTEM')!;
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InvalidBody(`the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidBody('the body is not valid JSON');
  }
}

function reply(res: ServerResponse, status: number, body?: unknown): true {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
  return true;
}
