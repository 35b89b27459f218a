import { ErrorCode } from './errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { type ServerTracing, traceServerRequest } from './tracing/serverSpan';

export interface RequestInfo {
  readonly headers: HeaderMap;
  /** From the caller's x-request-id, else new; echoed back and put in logs. */
  readonly requestId: string;
}

/** A GraphQL request as the handler read it, before Apollo Server runs it. */
export interface SharedRequest {
  readonly method: string;
  /** The URL's query string, with its "?" (empty when none). */
  readonly search: string;
  readonly headers: HeaderMap;
  /** The parsed JSON body (a string for other content types; undefined when empty). */
  readonly body: unknown;
}

export interface HttpHandlerOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly context: (request: RequestInfo) => Promise<C>;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Answers /ready: whether the service can take traffic (may ask its dependencies). */
  readonly ready: () => boolean | Promise<boolean>;
  readonly graphqlPath?: string;
  /** A server span per GraphQL request (platform/tracing; a no-op while tracing is off). */
  readonly tracing?: ServerTracing;
  /** Runs the request, or hands it an identical request's answer (the gateway's inbound sharing); default: runs it. */
  readonly share?: (request: SharedRequest, execute: () => Promise<HTTPGraphQLResponse>) => Promise<HTTPGraphQLResponse>;
}

/**
 * Node's http server in front of Apollo Server: /graphql, /health (liveness), /ready
 * (readiness). No framework: this is all the routing a subgraph or the gateway needs.
 */
export function createHttpHandler<C extends BaseContext>(options: HttpHandlerOptions<C>) {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  return async (req: IncomingMessage, res: ServerResponse, requestId = requestIdOf(req)): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('x-request-id', requestId);
    if (url.pathname === '/health') return json(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const ready = await options.ready();
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    if (url.pathname !== graphqlPath)
      return json(res, 404, { errors: [{ message: `Not found; GraphQL is at ${graphqlPath}`, extensions: { code: ErrorCode.NOT_FOUND } }] });

    let body: unknown;
    try {
      body = await readJsonBody(req, options.maxBodyBytes);
    } catch (error) {
      const tooLarge = error instanceof PayloadTooLarge;
      return json(res, tooLarge ? 413 : 400, {
        errors: [
          {
            message: tooLarge ? `Request body is larger than ${options.maxBodyBytes} bytes.` : 'Request body is not valid JSON.',
            extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', requestId },
          },
        ],
      });
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const run = () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: () => options.context({ headers, requestId }),
      });
    const share = options.share;
    const execute = share ? () => share({ method, search: url.search, headers, body }, run) : run;
    const response = options.tracing ? await traceServerRequest(options.tracing, method, headers, execute) : await execute();
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

class PayloadTooLarge extends Error {}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new PayloadTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  return type.includes('application/json') || type.includes('application/graphql-response+json') ? JSON.parse(text) : text;
}

/** The caller's x-request-id when it is a sane token, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  return id && /^[A-Za-z0-9._-]{1,100}$/.test(id) ? id : randomUUID();
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
