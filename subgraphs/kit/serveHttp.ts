import { messageOf } from './errors';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeGracefully } from './closeGracefully';
import type { Logger } from './logger';

export interface HttpService {
  readonly port: number;
  /** http://host:port, without a path. */
  readonly baseUrl: string;
  /** Stops taking connections; requests in flight get graceMs to finish. */
  close(graceMs: number): Promise<void>;
}

/**
 * The HTTP server every service (gateway, subgraph) runs: a handler that never leaks a stack,
 * keep-alive longer than any client's idle timeout, graceful close.
 */
export async function serveHttp(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
  options: { port: number; host: string; logger: Logger },
): Promise<HttpService> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      options.logger.error('request failed', { message: messageOf(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
  // Longer than the gateway's 30 s idle-socket timeout, so a client never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { port, baseUrl: `http://${options.host}:${port}`, close: (graceMs) => closeGracefully(server, graceMs) };
}
