import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateContextKeys } from '../../domain';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('gateway-cluster: gateway/main.ts runs a worker per GATEWAY_WORKERS and shuts them down gracefully', () => {
  it('gateway-cluster-shutdown: two workers serve one port; SIGTERM to the primary ends both and the primary exits 0', async () => {
    const { privateJwk } = await generateContextKeys();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      GATEWAY_DEV_ISSUER: 'true',
      GATEWAY_WORKERS: '2',
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'info',
      CALLER_CONTEXT_PRIVATE_KEY: JSON.stringify(privateJwk),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'citizen-graph-cluster-')),
    };
    const child = spawn(TSX, [path.join(ROOT, 'gateway', 'main.ts')], { cwd: ROOT, env });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${stdout}`)), 60_000);
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const lines = stdout.split('\n').filter((l) => l.includes('"message":"gateway ready"'));
        if (lines.length >= 2) {
          clearTimeout(timer);
          resolve(lines);
        }
      });
    });
    try {
      const lines = await ready;
      const urls = lines.map((l) => (JSON.parse(l) as { url: string }).url);
      // Both workers listen on the one port the primary holds.
      expect(new Set(urls).size).toBe(1);
      expect(stdout).toContain('"message":"gateway primary started its workers"');
      const answer = await fetch(urls[0], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Catalogue { serviceCatalogue { version } }' }),
      });
      expect(answer.status).toBeLessThan(500);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
