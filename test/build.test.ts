import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatServiceCredential, generateContextKeys, generateServiceCredential } from '../domain/caller';

// npm run build, then one compiled service under plain node (no tsx): what a container runs.
const ROOT = path.join(__dirname, '..');
const PORT = 4950 + (process.pid % 40);

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the compiled service exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output()}`);
}

describe('build', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'citizen-graph-build-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles to JavaScript with the runtime files beside it and the tax subgraph runs under plain node', async () => {
    const out = path.join(dir, 'dist');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'build.ts'), '--out-dir', out], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    for (const file of [
      'gateway/main.js',
      'schema/supergraph.graphql',
      'operations/safelist.json',
      'subgraphs/tax/schema.graphql',
      'subgraphs/selfservice/store/migrations/001_exemptions_delegations.sql',
      'domain/catalogue/services.json',
      'legacy/tax/tax.wsdl',
      'legacy/benefits/schema.sql',
      'personas/personas.json',
    ]) {
      expect(existsSync(path.join(out, file))).toBe(true);
    }
    expect(existsSync(path.join(out, 'subgraphs/tax/server.test.js'))).toBe(false);
    expect(existsSync(path.join(out, 'test'))).toBe(false);
    // The compiled tree resolves packages as it would from the project root in an image.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

    const { publicJwk } = await generateContextKeys();
    let output = '';
    child = spawn(process.execPath, [path.join(out, 'subgraphs', 'tax', 'main.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        TAX_SUBGRAPH_PORT: String(PORT),
        TAX_DATA_DIR: path.join(dir, 'tax-store'),
        CALLER_CONTEXT_PUBLIC_KEY: JSON.stringify(publicJwk),
        SERVICE_KEY: formatServiceCredential(generateServiceCredential('tax')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));

    expect(await waitForHealth(`http://127.0.0.1:${PORT}/health`, child, () => output, 30_000)).toEqual({ status: 'ok' });
  }, 90_000);
});
