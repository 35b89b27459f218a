import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { SharingVerdict } from './inbound/shareIdenticalRequests';

/** What the gateway knows about a request before Apollo Server sees it; formatError has no context to read it from. */
export interface RequestScope {
  readonly clientAddress: string;
  /** Set once the HTTP handler has decided it (the caller's x-request-id, else a new one). */
  requestId?: string;
  /** Set when this request leads an inbound share (inbound/shareIdenticalRequests.ts): what its execution says about itself. */
  sharing?: SharingVerdict;
}

export function createRequestScope(): AsyncLocalStorage<RequestScope> {
  return new AsyncLocalStorage<RequestScope>();
}

/**
 * The client's address: the socket's peer, or behind `trustedProxies` load balancers the entry
 * they appended to X-Forwarded-For (entries further left are the client's word, not evidence).
 */
export function clientAddressOf(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies] ?? peer;
}
