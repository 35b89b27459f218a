import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LegacyHttp, sharedLegacyAgent } from './legacyHttp';

/** Two tiny legacy servers on loopback, each answering "ok". */
async function server(): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer((_req, res) => res.end('ok'));
  s.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

describe('legacy HTTP agent', () => {
  it("legacy-http-one-agent: clients of different systems share the process keep-alive agent; closing one closes only its host's sockets", async () => {
    const [a, b] = [await server(), await server()];
    try {
      const tax = new LegacyHttp({ system: 'tax', baseURL: a.url, timeoutMs: 2000 });
      const housing = new LegacyHttp({ system: 'housing', baseURL: b.url, timeoutMs: 2000 });
      await tax.request({ url: '/' });
      await housing.request({ url: '/' });
      const agent = sharedLegacyAgent();
      const hostsWithSockets = () =>
        Object.entries({ ...agent.freeSockets })
          .filter(([, s]) => (s?.length ?? 0) > 0)
          .map(([name]) => name.split(':').slice(0, 2).join(':'));
      expect(hostsWithSockets().sort()).toEqual([a.url, b.url].map((u) => u.replace('http://', '')).sort());
      tax.close();
      // A destroyed socket leaves the agent's pool on its 'close' event.
      for (let i = 0; i < 50 && hostsWithSockets().length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(hostsWithSockets()).toEqual([b.url.replace('http://', '')]);
      housing.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a client that sets maxSockets gets an agent of its own', async () => {
    const a = await server();
    try {
      const own = new LegacyHttp({ system: 'tax', baseURL: a.url, timeoutMs: 2000, maxSockets: 2 });
      await own.request({ url: '/' });
      expect(Object.keys(sharedLegacyAgent().freeSockets).some((n) => n.startsWith(a.url.replace('http://', '')))).toBe(false);
      own.close();
    } finally {
      await a.close();
    }
  });
});
