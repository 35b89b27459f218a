import { ErrorCode } from './errors';
import { messageOf } from './errors';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { closeGracefully } from './closeGracefully';
import { requestIdOf } from './httpHandler';
import { withRequestId } from './requestId';
import type { Logger } from './logger';
import { httpsServerOptions, type ServerTls } from './tls';

export interface HttpService {
  readonly port: number;
  /** http://host:port (https:// with TLS), without a path. */
  readonly baseUrl: string;
  /** Stops taking connections; requests in flight get graceMs to finish. */
  close(graceMs: number): Promise<void>;
}

/**
 * The HTTP server every service (gateway, subgraph) runs: a handler that never leaks a stack,
 * keep-alive longer than any client's idle timeout, graceful close. With `tls`, HTTPS, and
 * with tls.requestClientCert, mutual TLS: callers without a trusted client certificate are refused.
 */
export async function serveHttp(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
  options: { port: number; host: string; logger: Logger; tls?: ServerTls },
): Promise<HttpService> {
  const listener: http.RequestListener = (req, res) => {
    // One id per request, on every log line written while serving it (platform/requestId.ts): the
    // caller's x-request-id when sane, else a new one, written back so the handler decides the same.
    const requestId = requestIdOf(req);
    req.headers['x-request-id'] = requestId;
    // One debug line per request (LOG_LEVEL=debug), written when the answer has gone out.
    const started = performance.now();
    res.once('finish', () =>
      withRequestId(requestId, () =>
        options.logger.debug('request served', {
          method: req.method,
          path: (req.url ?? '/').split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          port: boundPort,
        }),
      ),
    );
    withRequestId(requestId, () => handle(req, res)).catch((error) => {
      options.logger.error('request failed', { message: messageOf(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] }));
    });
  };
  let boundPort = options.port;
  const server: http.Server = options.tls ? https.createServer(httpsServerOptions(options.tls), listener) : http.createServer(listener);
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: { remoteAddress?: string }) => {
    // A peer that just hangs up (a TCP probe) is not news; a refused or failed handshake is.
    if (error.code !== 'ECONNRESET')
      options.logger.warn('tls handshake refused', { code: error.code, message: error.message, remoteAddress: socket.remoteAddress });
  });
  // Longer than the gateway's 30 s idle-socket timeout, so a client never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  boundPort = port;
  return { port, baseUrl: `${options.tls ? 'https' : 'http'}://${options.host}:${port}`, close: (graceMs) => closeGracefully(server, graceMs) };
}
