import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Registry } from 'prom-client';

/**
 * GET /metrics in the Prometheus text format, on the service's own port. Operators keep it off the
 * public ingress; with a token, a scraper must also send `Authorization: Bearer <token>`.
 */
export function createMetricsRoute(registry: Registry, token?: string) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    if (!req.url || new URL(req.url, 'http://localhost').pathname !== '/metrics') return false;
    if (token && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      res.end('metrics need the metrics token\n');
      return true;
    }
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(text);
    return true;
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
