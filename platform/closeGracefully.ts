import type http from 'node:http';

/**
 * Stops taking connections and lets requests in flight finish: idle keep-alive sockets are
 * closed at once and again as in-flight requests complete; whatever is still open after
 * graceMs is cut.
 */
export async function closeGracefully(server: http.Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweeper);
    clearTimeout(deadline);
  }
}
