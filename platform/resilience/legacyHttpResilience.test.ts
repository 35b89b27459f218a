import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LegacyError } from '../errors';
import { LegacyHttp, type LegacyHttpOptions } from '../legacyHttp';
import { fullJitterDelayMs } from './backoff';
import { callKindOf } from './callKind';

/** A wire-level fake legacy system: answers from a script and counts what reaches it. */
interface FakeSystem {
  readonly url: string;
  /** Requests that reached the server, as "METHOD /path". */
  readonly received: string[];
  /** What the next requests get; the last entry repeats. */
  answer(...statuses: (number | 'hang')[]): void;
  close(): Promise<void>;
}

async function startFakeSystem(): Promise<FakeSystem> {
  let script: (number | 'hang')[] = [200];
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    const next = script.length > 1 ? script.shift()! : script[0];
    req.resume();
    if (next === 'hang') return; // never answers: the client's timeout fires
    res.writeHead(next, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (...statuses) => {
      script = statuses;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let fake: FakeSystem;
const clients: LegacyHttp[] = [];
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeSystem();
  sleeps = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await fake.close();
});

function client(options: Partial<LegacyHttpOptions> = {}): LegacyHttp {
  const legacy = new LegacyHttp({
    system: 'fake',
    baseURL: fake.url,
    timeoutMs: 1000,
    // Recorded, not slept: the backoff is asserted, the test stays fast.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  clients.push(legacy);
  return legacy;
}

async function rejection(promise: Promise<unknown>): Promise<LegacyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LegacyError);
  return error as LegacyError;
}

describe('LegacyHttp retries (reads only)', () => {
  it('read-retried-after-5xx: a GET answered 503, 502 then 200 returns the 200 after three attempts, with jittered backoff', async () => {
    fake.answer(503, 502, 200);
    const response = await client({ random: () => 0.5 }).request({ method: 'GET', url: '/person' });
    expect(response.status).toBe(200);
    expect(fake.received).toEqual(['GET /person', 'GET /person', 'GET /person']);
    // Full jitter: half of 50 ms, then half of 100 ms.
    expect(sleeps).toEqual([25, 50]);
  });

  it('retries-exhausted: a read that keeps failing returns the last 503 for the protocol client to read', async () => {
    fake.answer(503);
    const response = await client({ retries: 2 }).request({ method: 'GET', url: '/person' });
    expect(response.status).toBe(503);
    expect(fake.received).toHaveLength(3);
  });

  it('post-declared-read: a POST that says kind "read" (a batch lookup) is retried', async () => {
    fake.answer(500, 200);
    const response = await client().request({ method: 'POST', url: '/lookup', data: 'x' }, { kind: 'read' });
    expect(response.status).toBe(200);
    expect(fake.received).toEqual(['POST /lookup', 'POST /lookup']);
  });

  it('write-never-retried: a POST (write by default) answered 503 is sent exactly once', async () => {
    fake.answer(503, 200);
    const response = await client().request({ method: 'POST', url: '/filing', data: 'x' });
    expect(response.status).toBe(503);
    expect(fake.received).toEqual(['POST /filing']);
    expect(sleeps).toEqual([]);
  });

  it('write-never-retried: even a GET declared as a write, on connection refused, is tried once', async () => {
    const url = fake.url;
    await fake.close();
    const refused = new LegacyHttp({
      system: 'fake',
      baseURL: url,
      timeoutMs: 500,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    clients.push(refused);
    expect(await rejection(refused.request({ method: 'GET', url: '/x' }, { kind: 'write' }))).toMatchObject({ system: 'fake', kind: 'unavailable' });
    expect(sleeps).toEqual([]);
    fake = await startFakeSystem(); // for afterEach
  });

  it("client-error-not-retried: a 4xx is the request's fault, answered once", async () => {
    fake.answer(400, 200);
    const response = await client().request({ method: 'GET', url: '/person' });
    expect(response.status).toBe(400);
    expect(fake.received).toHaveLength(1);
  });

  it('request-fault-not-retried: an answer the caller classifies as not a system failure (a SOAP Client fault on 500) is answered once', async () => {
    fake.answer(500, 200);
    const response = await client().request({ method: 'POST', url: '/soap' }, { kind: 'read', systemFailed: () => false });
    expect(response.status).toBe(500);
    expect(fake.received).toHaveLength(1);
  });

  it('timeout-retried-within-budget: a read that times out is tried again while a full attempt fits the budget', async () => {
    fake.answer('hang', 200);
    const response = await client({ timeoutMs: 100, retryBudgetMs: 5000 }).request({ method: 'GET', url: '/slow' });
    expect(response.status).toBe(200);
    expect(fake.received).toHaveLength(2);
  });

  it('timeout-not-retried-by-default: the default budget (2 x timeoutMs) has no room for a second full wait, so LEGACY_TIMEOUT comes after one timeout', async () => {
    fake.answer('hang');
    const error = await rejection(client({ timeoutMs: 100 }).request({ method: 'GET', url: '/slow' }));
    expect(error).toMatchObject({ system: 'fake', kind: 'timeout' });
    expect(fake.received).toHaveLength(1);
  });
});

describe('LegacyHttp circuit breaker (one per legacy system)', () => {
  it('breaker-opens-and-recovers: opens after N failed attempts, fails fast without calling, probes after halfOpenAfter and closes', async () => {
    fake.answer(503);
    const legacy = client({ retries: 0, breakerConsecutiveFailures: 3, breakerHalfOpenAfterMs: 200 });
    for (let i = 0; i < 3; i += 1) expect((await legacy.request({ method: 'GET', url: '/p' })).status).toBe(503);
    expect(legacy.circuit).toBe('open');

    const failFast = await rejection(legacy.request({ method: 'GET', url: '/p' }));
    expect(failFast).toMatchObject({ system: 'fake', kind: 'unavailable', detail: 'circuit open' });
    expect(fake.received).toHaveLength(3);

    fake.answer(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await legacy.request({ method: 'GET', url: '/p' })).status).toBe(200);
    expect(fake.received).toHaveLength(4);
    expect(legacy.circuit).toBe('closed');
  });

  it('failed-probe-reopens: a probe that fails opens the circuit again for another halfOpenAfter', async () => {
    fake.answer(503);
    const legacy = client({ retries: 0, breakerConsecutiveFailures: 2, breakerHalfOpenAfterMs: 150 });
    await legacy.request({ method: 'GET', url: '/p' });
    await legacy.request({ method: 'GET', url: '/p' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await legacy.request({ method: 'GET', url: '/p' })).status).toBe(503); // the probe
    expect(legacy.circuit).toBe('open');
    expect(await rejection(legacy.request({ method: 'GET', url: '/p' }))).toMatchObject({ detail: 'circuit open' });
    expect(fake.received).toHaveLength(3);
  });

  it('success-resets-count: failures must be consecutive to open the circuit', async () => {
    fake.answer(503, 503, 200, 503, 503, 200);
    const legacy = client({ retries: 0, breakerConsecutiveFailures: 3 });
    for (let i = 0; i < 6; i += 1) await legacy.request({ method: 'GET', url: '/p' });
    expect(legacy.circuit).toBe('closed');
  });

  it("request-faults-do-not-count: answers classified as the request's fault never open the circuit", async () => {
    fake.answer(500);
    const legacy = client({ retries: 0, breakerConsecutiveFailures: 2 });
    for (let i = 0; i < 4; i += 1) await legacy.request({ method: 'POST', url: '/soap' }, { kind: 'read', systemFailed: () => false });
    fake.answer(404);
    for (let i = 0; i < 4; i += 1) await legacy.request({ method: 'GET', url: '/missing' });
    expect(legacy.circuit).toBe('closed');
    expect(fake.received).toHaveLength(8);
  });

  it('opened-during-retries: a read whose retries meet the open circuit returns the system\'s last answer, not "circuit open"', async () => {
    fake.answer(503);
    const legacy = client({ retries: 5, breakerConsecutiveFailures: 2 });
    const response = await legacy.request({ method: 'GET', url: '/p' });
    expect(response.status).toBe(503);
    expect(fake.received).toHaveLength(2);
  });
});

describe('resilience building blocks', () => {
  it('fullJitterDelayMs: random in [0, base * 2^(n-1)), capped at maxMs', () => {
    expect(fullJitterDelayMs(1, 50, 1000, () => 0)).toBe(0);
    expect(fullJitterDelayMs(1, 50, 1000, () => 0.999)).toBe(49);
    expect(fullJitterDelayMs(3, 50, 1000, () => 0.999)).toBe(199);
    expect(fullJitterDelayMs(10, 50, 1000, () => 0.999)).toBe(999);
    expect(() => fullJitterDelayMs(0, 50, 1000)).toThrow(/1-based/);
  });

  it('callKindOf: GET reads, POST writes, unless the caller says', () => {
    expect(callKindOf('get')).toBe('read');
    expect(callKindOf('POST')).toBe('write');
    expect(callKindOf(undefined)).toBe('read');
    expect(callKindOf('POST', 'read')).toBe('read');
    expect(callKindOf('GET', 'write')).toBe('write');
    expect(() => callKindOf('POST', 'maybe' as never)).toThrow(/'read' or 'write'/);
  });

  it('bad options fail at construction, naming the option', () => {
    expect(() => new LegacyHttp({ system: 'fake', baseURL: 'http://x', retries: -1 })).toThrow(/retries must be a whole number >= 0, got -1/);
    expect(() => new LegacyHttp({ system: 'fake', baseURL: 'http://x', breakerConsecutiveFailures: 0 })).toThrow(/breakerConsecutiveFailures/);
    expect(() => new LegacyHttp({ system: 'fake', baseURL: 'http://x', retryBaseDelayMs: 100, retryMaxDelayMs: 10 })).toThrow(
      /retryMaxDelayMs must be >= retryBaseDelayMs/,
    );
  });
});
