import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadDevIssuer } from '../../gateway/identity/devIssuer';
import { PERSONAS } from '../../personas';
import { systemClock } from '../../platform/clock';
import { type RunningProcessStack, startProcessStack } from '../../scripts/stack/startProcesses';
import { DEFAULT_PORTS, SYSTEMS } from '../../systems';

/**
 * npm-start-processes: `npm start` as a newcomer runs it (scripts/stack/startProcesses.ts, embedded
 * defaults: PGlite in a fresh data folder, in-process caches): every stand-in, subgraph and the
 * gateway in a process of its own, from the registry, here on ports offset from the defaults so it
 * can run beside anything on them. One real query through the gateway; then every process stops.
 */
const OFFSET = 700;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('npm start (a process per service)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'npm-start-'));
  const output = new PassThrough();
  let log = '';
  output.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  let stack: RunningProcessStack | undefined;

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("npm-start-processes: a process per service answers Ingrid's overview from every legacy system, and Ctrl-C's stop leaves none running", async () => {
    stack = await startProcessStack({ dataDir, portOffset: OFFSET, logLevel: 'warn', gatewayWorkers: 1, output }).catch((error) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
    });
    const legacyServers = SYSTEMS.flatMap((s) => ('legacy' in s && 'port' in s.legacy ? [s.legacy.name] : []));
    // A stand-in per legacy server, the database installer (exited), a subgraph each, the gateway.
    expect(stack.services.map((s) => s.name).sort()).toEqual(
      [...legacyServers.map((n) => `legacy-${n}`), 'legacy-benefits', ...SYSTEMS.map((s) => s.name), 'gateway'].sort(),
    );
    expect(new Set(stack.services.map((s) => s.pid)).size).toBe(stack.services.length);

    const issuer = await loadDevIssuer(dataDir, false, systemClock);
    const token = await issuer.mint(PERSONAS.find((p) => p.id === 'ingrid')!);
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query:
          '{ me { name { full } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } } housingBenefit { monthlyAmount { kroner } } benefitClaims { type status } } }',
      }),
    });
    const body = (await response.json()) as { data?: { me: Record<string, unknown> }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toMatchObject({ name: { full: 'Ingrid Marie Holm' }, benefitClaims: [{ type: 'STATE_PENSION', status: 'ACTIVE' }] });
    expect(body.data?.me.preliminaryIncomeAssessment).not.toBeNull();
    expect(body.data?.me.housingBenefit).not.toBeNull();

    await stack.stop();
    stack = undefined;
    for (const port of [DEFAULT_PORTS.gateway, ...SYSTEMS.map((s) => s.port)]) expect(await portOpen(port + OFFSET)).toBe(false);
  }, 240_000);
});
