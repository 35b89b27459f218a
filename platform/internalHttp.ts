import { Agent, type Dispatcher, fetch as undiciFetch } from 'undici';
import { withTraceContext } from './tracing/propagation';

/**
 * The one HTTP client for calls between the graph's own services: gateway to subgraph, gateway to
 * the citizen subgraph and selfservice (acting-for checks), subgraphs to selfservice's internal
 * endpoints. undici with keep-alive and a pool per origin; with TLS settings it verifies the
 * servers against the given CA and presents a client certificate (mutual TLS). Legacy systems are
 * called through axios instead (platform/legacyHttp.ts).
 */
export interface InternalClientTls {
  /** PEM CA certificate(s) the services' certificates chain to; replaces the system's trusted CAs. */
  readonly ca?: string | Buffer;
  /** PEM client certificate this service presents (mutual TLS); with key. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export interface InternalClientOptions {
  /** Sockets kept open to each origin. Default 64. */
  readonly connections?: number;
  readonly tls?: InternalClientTls;
}

export function internalDispatcher(options: InternalClientOptions = {}): Agent {
  const { tls } = options;
  if (tls && !tls.cert !== !tls.key) throw new Error('internal HTTP client: a client certificate and its key go together (mutual TLS needs both)');
  return new Agent({
    connections: options.connections ?? 64,
    // Idle sockets close after 30 s, well before the services' 65 s keepAliveTimeout (undici also honours a
    // server's Keep-Alive hint, less a second), so a socket the server is closing is never reused.
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 30_000,
    connect: { ca: tls?.ca, cert: tls?.cert, key: tls?.key, minVersion: 'TLSv1.2', rejectUnauthorized: true },
  });
}

let shared: Agent | undefined;
/** The process's default internal client (plain HTTP or server-only TLS with the system's CAs). */
export function sharedInternalDispatcher(): Agent {
  shared ??= internalDispatcher();
  return shared;
}

/** A fetch over the given dispatcher, shaped like the global one. */
export function internalFetch(dispatcher: Dispatcher = sharedInternalDispatcher()): typeof fetch {
  return ((input: string | URL, init?: RequestInit) => {
    // The active span's W3C trace context goes along (tracing off: the headers are unchanged).
    const headers =
      init?.headers && !(init.headers instanceof Headers) && !Array.isArray(init.headers)
        ? withTraceContext(init.headers as Record<string, string>)
        : (init?.headers ?? withTraceContext(undefined));
    return undiciFetch(input, { ...(init as object), headers, dispatcher } as never);
  }) as unknown as typeof fetch;
}
