import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvReader } from '../../platform';
import { DemoPersonaTokens } from './demoPersonas';
import { createExplorerRoutes, type ExplorerOptions } from './explorerRoutes';
import { explorerEnabled } from './explorerSetting';

/** The explorer's routes without a stack: assets are not asked for here, so nothing is bundled. */
async function serve(options: ExplorerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const routes = createExplorerRoutes(options);
  const server = http.createServer((req, res) => {
    routes(req, res)
      .then((answered) => {
        if (!answered) res.writeHead(418).end();
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const fakeIssuer = { issuer: 'x', audience: 'y', jwks: undefined as never, mint: async (persona: { id: string }) => `token-for-${persona.id}` };

describe('explorer routes', () => {
  it('explorer-setting: on by default outside production, off in production unless GATEWAY_EXPLORER=true', () => {
    expect(explorerEnabled(new EnvReader({}), false)).toBe(true);
    expect(explorerEnabled(new EnvReader({}), true)).toBe(false);
    expect(explorerEnabled(new EnvReader({ GATEWAY_EXPLORER: 'true' }), true)).toBe(true);
    expect(explorerEnabled(new EnvReader({ GATEWAY_EXPLORER: 'false' }), false)).toBe(false);
  });

  it('explorer-personas: the switcher lists personas and mints a token with x-act-for from the development issuer', async () => {
    const server = await serve({ enabled: true, personas: new DemoPersonaTokens(fakeIssuer) });
    try {
      const list = (await (await fetch(`${server.url}/explorer/personas`)).json()) as { personas: { id: string; actFor?: string }[] };
      expect(list.personas.map((p) => p.id)).toEqual(
        expect.arrayContaining(['ingrid', 'mads-for-ingrid', 'karen-for-freja', 'caseworker-laesoe-for-bent', 'analyst']),
      );
      const minted = await fetch(`${server.url}/explorer/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"persona":"mads-for-ingrid"}',
      });
      expect(await minted.json()).toEqual({ token: 'token-for-mads', actFor: '1203382258' });
      expect((await fetch(`${server.url}/explorer/token`, { method: 'POST', body: '{"persona":"nobody"}' })).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('explorer-personas-need-dev-issuer: without the development issuer, no personas and no tokens', async () => {
    const server = await serve({ enabled: true });
    try {
      expect((await fetch(`${server.url}/explorer/personas`)).status).toBe(404);
      expect((await fetch(`${server.url}/explorer/token`, { method: 'POST', body: '{"persona":"ingrid"}' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('explorer-off: nothing is answered, a browser GET of /graphql goes on to GraphQL', async () => {
    const server = await serve({ enabled: false, personas: new DemoPersonaTokens(fakeIssuer) });
    try {
      expect((await fetch(`${server.url}/explorer`)).status).toBe(418);
      expect((await fetch(`${server.url}/explorer/personas`)).status).toBe(418);
      expect((await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(418);
    } finally {
      await server.close();
    }
  });
});
