import { messageOf } from './errors';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { closeGracefully } from './closeGracefully';
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
    handle(req, res).catch((error) => {
      options.logger.error('request failed', { message: messageOf(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  };
  const server: http.Server = options.tls ? https.createServer(httpsServerOptions(options.tls), listener) : http.createServer(listener);
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: { remoteAddress?: string }) => {
    // A peer that just hangs up (a TCP probe) is not news; a refused or failed handshake is.
    if (error.code !== 'ECONNRESET') options.logger.warn('tls handshake refused', { code: error.code, message: error.message, remoteAddress: socket.remoteAddress });
  });
  // Longer than the gateway's 30 s idle-socket timeout, so a client never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { port, baseUrl: `${options.tls ? 'https' : 'http'}://${options.host}:${port}`, close: (graceMs) => closeGracefully(server, graceMs) };
}
