import dns from 'node:dns';
import net from 'node:net';

/** A connection attempt or name lookup this process made towards something other than loopback. */
export interface OutboundAttempt {
  readonly via: 'connect' | `dns.${string}`;
  readonly target: string;
}

export interface OutboundRecorder {
  readonly attempts: readonly OutboundAttempt[];
  /** Puts back the functions it replaced. */
  stop(): void;
}

const DNS_FUNCTIONS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv'] as const;

/**
 * Records, from now until stop(), every socket connect and every DNS query of this process whose
 * target is not loopback (or one of `allowedHosts`). It only watches: calls go through unchanged.
 * Everything in Node that opens a TCP or TLS connection (http, https, fetch, pg, ioredis) ends in
 * net.Socket.prototype.connect, so one patch there sees them all, name or address.
 */
export function recordOutbound(allowedHosts: readonly string[] = []): OutboundRecorder {
  const attempts: OutboundAttempt[] = [];
  const local = (host: string | undefined) => host === undefined || isLoopback(host) || allowedHosts.includes(host);
  const restores: (() => void)[] = [];
  const wrap = <T extends object>(owner: T, name: keyof T & string, record: (args: unknown[]) => OutboundAttempt | undefined) => {
    const original = owner[name] as unknown as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') return;
    (owner as Record<string, unknown>)[name] = function recorded(this: unknown, ...args: unknown[]) {
      const attempt = record(args);
      if (attempt) attempts.push(attempt);
      return original.apply(this, args);
    };
    restores.push(() => {
      (owner as Record<string, unknown>)[name] = original;
    });
  };

  wrap(net.Socket.prototype, 'connect', (args) => {
    const host = hostOfConnect(args);
    return host === null || local(host) ? undefined : { via: 'connect', target: host ?? '' };
  });
  for (const api of [dns, dns.promises] as Record<string, unknown>[]) {
    for (const name of DNS_FUNCTIONS) {
      wrap(api, name, (args) => (typeof args[0] === 'string' && !local(args[0]) ? { via: `dns.${name}`, target: args[0] } : undefined));
    }
  }
  return {
    attempts,
    stop() {
      for (const restore of restores.reverse()) restore();
    },
  };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost names. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/** The host a Socket#connect call aims at; undefined means Node's default (localhost); null a local IPC path. */
function hostOfConnect(args: unknown[]): string | undefined | null {
  // net.connect() hands Socket#connect its already-normalized [options, callback] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    if (options.path) return null;
    return options.host;
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof args[1] === 'string' ? args[1] : undefined;
  return typeof first === 'string' ? null : undefined;
}
