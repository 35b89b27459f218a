import type { IncomingMessage, ServerResponse } from 'node:http';
import { CALLER_CONTEXT_HEADER, type ContextKeys, verifyCallerContext } from '../kit/caller';
import type { ServiceCatalogue } from '../kit/catalogue/catalogue';
import type { Clock } from '../kit/clock';
import { LegacyError, messageOf } from '../kit/errors';
import type { Logger } from '../kit/logger';
import { type ActingContextAnswer, SELFSERVICE_INTERNAL_PATHS } from '../kit/selfserviceClient';
import { accessLogEntries, actingContextQuery, filingEntry, InvalidBody } from './internalInput';
import type { SelfserviceStores } from './stores';

export interface InternalRoutesDeps {
  readonly stores: SelfserviceStores;
  readonly catalogue: ServiceCatalogue;
  readonly contextPublicKey: ContextKeys['publicKey'];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

/** Answers true when it handled the request (anything under /internal/), false to pass it on. */
export type { Route } from '../kit/subgraphServer';
import type { Route } from '../kit/subgraphServer';

/**
 * The endpoints the gateway and other subgraphs call (see kit/selfserviceClient.ts). Each
 * needs a gateway-signed caller context: anything else is 401 before the body is read.
 */
export function createInternalRoutes(deps: InternalRoutesDeps): Route {
  const handlers: Record<string, (body: unknown) => Promise<ActingContextAnswer | undefined>> = {
    [SELFSERVICE_INTERNAL_PATHS.actingContext]: (body) => actingContext(deps.stores, actingContextQuery(body)),
    [SELFSERVICE_INTERNAL_PATHS.accessLog]: async (body) => {
      await deps.stores.accessLog.append(accessLogEntries(body), deps.clock.now());
      return undefined;
    },
    [SELFSERVICE_INTERNAL_PATHS.filings]: async (body) => {
      await deps.stores.filings.record(filingEntry(body, deps.catalogue));
      return undefined;
    },
  };

  return async (req, res, requestId) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/internal/')) return false;
    const handler = handlers[path];
    if (!handler) return reply(res, 404, { error: { code: 'NOT_FOUND', message: `no internal endpoint ${path}` } });
    if (req.method !== 'POST') return reply(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'internal endpoints take POST' } });
    const token = req.headers[CALLER_CONTEXT_HEADER];
    try {
      if (typeof token !== 'string' || token === '') throw new Error('missing');
      await verifyCallerContext(token, deps.contextPublicKey, deps.clock);
    } catch {
      req.resume();
      return reply(res, 401, { error: { code: 'UNAUTHENTICATED', message: `a valid gateway-signed ${CALLER_CONTEXT_HEADER} header is required` } });
    }
    try {
      const answer = await handler(await readJson(req, deps.maxBodyBytes));
      return answer === undefined ? reply(res, 204) : reply(res, 200, answer);
    } catch (error) {
      if (error instanceof InvalidBody) return reply(res, 400, { error: { code: 'BAD_REQUEST', message: error.message } });
      const unavailable = error instanceof LegacyError && error.kind !== 'fault';
      deps.logger.error('internal endpoint failed', { path, requestId, message: messageOf(error) });
      return reply(res, unavailable ? 503 : 500, { error: { code: unavailable ? 'LEGACY_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', message: 'the selfservice store failed', requestId } });
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
    exemptions: exemptions.map((e) => ({ id: e.id, authorities: e.allAuthorities ? 'ALL' : e.authorities, reason: e.reason, validFrom: e.validFrom, validTo: e.validTo })),
  };
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InvalidBody(`the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
