import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack } from '../../scripts/stack/startStack';
import { generateContextKeys } from '../../domain';
import { silentLogger } from '../../platform';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const PRODUCTION_LIKE = ['production', 'Production', 'prod', 'staging', 'stage'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stillRunning: boolean;
}

/** Runs a script with exactly `env` (plus PATH); if it is still running after `ms`, or prints `until`, stops it. */
function run(script: string, args: string[], env: Record<string, string>, ms = 20_000, until?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [path.join(ROOT, script), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    let stillRunning = false;
    const stop = () => {
      stillRunning = true;
      child.kill('SIGTERM');
    };
    const timer = setTimeout(stop, ms);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (until && stdout.includes(until) && !stillRunning) stop();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, stillRunning });
    });
  });
}

describe('dev-issuer-opt-in: the development token issuer runs only when asked for, and never where NODE_ENV looks deployed', () => {
  let gatewayEnv: Record<string, string>;
  beforeAll(async () => {
    const { privateJwk } = await generateContextKeys();
    gatewayEnv = {
      CALLER_CONTEXT_PRIVATE_KEY: JSON.stringify(privateJwk),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'citizen-graph-dev-issuer-')),
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'info',
    };
  });

  it('dev-issuer-opt-in: without OIDC_ISSUER and without GATEWAY_DEV_ISSUER the gateway does not start, naming both variables', async () => {
    const result = await run('gateway/main.ts', [], gatewayEnv);
    expect(result.stillRunning).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/OIDC_ISSUER/);
    expect(result.stderr).toMatch(/GATEWAY_DEV_ISSUER/);
  }, 30_000);

  it.each(PRODUCTION_LIKE)(
    'dev-issuer-opt-in: GATEWAY_DEV_ISSUER=true under NODE_ENV=%s is refused at start',
    async (nodeEnv) => {
      const result = await run('gateway/main.ts', [], { ...gatewayEnv, GATEWAY_DEV_ISSUER: 'true', NODE_ENV: nodeEnv });
      expect(result.stillRunning).toBe(false);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`NODE_ENV="${nodeEnv}"`);
    },
    30_000,
  );

  it('the control: GATEWAY_DEV_ISSUER=true under NODE_ENV=development starts the gateway with the development issuer', async () => {
    const result = await run(
      'gateway/main.ts',
      [],
      { ...gatewayEnv, GATEWAY_DEV_ISSUER: 'true', NODE_ENV: 'development' },
      30_000,
      '"message":"gateway ready"',
    );
    expect(result.stdout).toContain('"message":"gateway ready"');
    expect(result.stdout).toContain('using the DEVELOPMENT token issuer');
  }, 40_000);

  it.each(['Production', 'staging'])(
    'dev-issuer-opt-in: npm run token refuses under NODE_ENV=%s and prints no token',
    async (nodeEnv) => {
      const result = await run('scripts/token.ts', ['ingrid'], { DATA_DIR: gatewayEnv.DATA_DIR, NODE_ENV: nodeEnv });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`NODE_ENV="${nodeEnv}"`);
    },
    30_000,
  );

  it.each(['Production', 'prod', 'staging'])(
    'dev-issuer-opt-in: the in-process stack refuses to start under NODE_ENV=%s, before starting anything',
    async (nodeEnv) => {
      const saved = process.env.NODE_ENV;
      process.env.NODE_ENV = nodeEnv;
      try {
        const outcome = await startStack({
          logger: silentLogger,
          dataDir: gatewayEnv.DATA_DIR,
          ports: { gateway: 0, citizen: 0, tax: 0, housing: 0, benefits: 0, selfservice: 0, legacyCpr: 0, legacyTax: 0, legacyHousing: 0 },
        }).then(
          async (stack) => {
            await stack.stop();
            return 'started';
          },
          (error: Error) => error.message,
        );
        expect(outcome).toContain(`NODE_ENV="${nodeEnv}"`);
      } finally {
        process.env.NODE_ENV = saved;
      }
    },
    60_000,
  );
});
