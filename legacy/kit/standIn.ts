import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FAULTS, type FaultSettings, mergeFaults } from './faults';

/** One call as the stand-in received it: what tests assert batching on. */
export interface RecordedCall {
  readonly operation: string;
  /** The keys the call asked for (CPR numbers, or CPR|year), in order. */
  readonly keys: readonly string[];
}

export interface StandInRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** Record this call for /_admin/calls. Handlers call it once they know the operation. */
  record(operation: string, keys: readonly string[]): void;
}

export interface StandInResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string | Buffer;
}

export interface StandInOptions {
  readonly name: string;
  readonly handle: (request: StandInRequest) => Promise<StandInResponse> | StandInResponse;
  /** The system's own way of saying it failed (a SOAP fault, a fixed-width error record, ...). */
  readonly failure: (reason: 'down' | 'injected') => StandInResponse;
  readonly faults?: Partial<FaultSettings>;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
}

export interface RunningStandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Current fault settings; tests may change them through setFaults or the admin endpoint. */
  faults(): FaultSettings;
  setFaults(update: Partial<FaultSettings>): void;
  calls(): readonly RecordedCall[];
  resetCalls(): void;
}

/**
 * An HTTP server for a legacy stand-in, with the fault knobs and call log every stand-in shares.
 * Admin endpoints: GET/POST /_admin/faults, GET /_admin/calls, POST /_admin/calls/reset.
 */
export async function startStandIn(options: StandInOptions, port = 0, host = '127.0.0.1'): Promise<RunningStandIn> {
  let faults = mergeFaults(DEFAULT_FAULTS, options.faults ?? {});
  let calls: RecordedCall[] = [];
  const maxBody = options.maxBodyBytes ?? 1_000_000;

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const body = await readBody(req, maxBody);
      if (url.pathname.startsWith('/_admin/')) return send(res, admin(req.method ?? 'GET', url.pathname, body));
      if (faults.down) return send(res, options.failure('down'));
      const delay = faults.latencyMs + (faults.jitterMs > 0 ? Math.random() * faults.jitterMs : 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (faults.errorRate > 0 && Math.random() < faults.errorRate) return send(res, options.failure('injected'));
      const request: StandInRequest = {
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        body,
        record: (operation, keys) => calls.push({ operation, keys: [...keys] }),
      };
      send(res, await options.handle(request));
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, { status: 413, body: 'request body too large' });
      console.error(`[${options.name}] stand-in error`, error instanceof Error ? error.message : error);
      send(res, { status: 500, body: 'internal error' });
    }
  });

  function admin(method: string, path: string, body: Buffer): StandInResponse {
    const json = (status: number, value: unknown): StandInResponse => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (path === '/_admin/faults' && method === 'GET') return json(200, faults);
    if (path === '/_admin/faults' && method === 'POST') {
      try {
        faults = mergeFaults(faults, JSON.parse(body.toString('utf8') || '{}'));
        return json(200, faults);
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    if (path === '/_admin/calls' && method === 'GET') return json(200, calls);
    if (path === '/_admin/calls/reset' && method === 'POST') {
      calls = [];
      return json(200, { reset: true });
    }
    return json(404, { error: `no admin endpoint ${method} ${path}` });
  }

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    faults: () => faults,
    setFaults: (update) => {
      faults = mergeFaults(faults, update);
    },
    calls: () => calls,
    resetCalls: () => {
      calls = [];
    },
  };
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: StandInResponse): void {
  res.writeHead(response.status, response.headers ?? { 'content-type': 'text/plain; charset=utf-8' });
  res.end(response.body);
}
