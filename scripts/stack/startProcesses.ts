import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { formatServiceCredential, generateContextKeys, generateServiceCredential } from '../../domain/caller';
import { DEFAULT_PORTS, FILING_SUBGRAPHS, inStartOrder, type PortName, SYSTEMS, type SystemEntry } from '../../systems';

/**
 * The whole graph as separate processes, the way it is deployed: each legacy stand-in, each
 * subgraph and the gateway (a worker per core) run their own main.ts, configured through the
 * environment, so the embedded default uses every core of the machine. Used by `npm start`.
 * Keys are made fresh for the run: the gateway gets the caller-context private key, the subgraphs
 * the public one, each filing subgraph its own service key and selfservice all of them.
 */
export interface ProcessStackOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly cacheEncryptionKeys?: string;
  readonly gatewayPort?: number;
  /** Added to every default port (gateway, subgraphs, stand-ins): a second stack beside the first (tests). Default 0. */
  readonly portOffset?: number;
  readonly logLevel: string;
  /** Gateway worker processes (GATEWAY_WORKERS); default: one per core. */
  readonly gatewayWorkers?: number;
  /** Where each service's output goes (prefixed with its name). */
  readonly output: NodeJS.WritableStream;
}

export interface RunningProcessStack {
  readonly gatewayUrl: string;
  readonly services: readonly { readonly name: string; readonly pid: number | undefined }[];
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');
const READY_TIMEOUT_MS = 60_000;

export async function startProcessStack(options: ProcessStackOptions): Promise<RunningProcessStack> {
  const systems = SYSTEMS as readonly SystemEntry[];
  const offset = options.portOffset ?? 0;
  const port = (name: string) => DEFAULT_PORTS[name as PortName] + offset;
  const legacyPort = (legacy: { port?: number }) => (legacy.port === undefined ? undefined : legacy.port + offset);
  const { privateJwk, publicJwk } = await generateContextKeys();
  const credentials = FILING_SUBGRAPHS.map((name) => generateServiceCredential(name));
  const upper = (name: string) => name.toUpperCase().replace(/-/g, '_');
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    LOG_LEVEL: options.logLevel,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.cacheEncryptionKeys ? { CACHE_ENCRYPTION_KEYS: options.cacheEncryptionKeys } : {}),
    SELFSERVICE_URL: `http://127.0.0.1:${port('selfservice')}`,
    CALLER_CONTEXT_PUBLIC_KEY: JSON.stringify(publicJwk),
    // OpenTelemetry settings pass through (OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on in every service), each service keeping its own name.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_') && name !== 'OTEL_SERVICE_NAME')),
  };
  const legacyUrls: NodeJS.ProcessEnv = Object.fromEntries(
    systems.flatMap((s) => (s.legacy?.port ? [[`LEGACY_${upper(s.legacy.name)}_URL`, `http://127.0.0.1:${legacyPort(s.legacy)}`]] : [])),
  );
  const children: { name: string; child: ChildProcess }[] = [];

  const run = (name: string, file: string, env: NodeJS.ProcessEnv): ChildProcess => {
    const child = spawn(process.execPath, [TSX, path.join(ROOT, file)], { cwd: ROOT, env: { ...common, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${name}] `;
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) options.output.write(`${prefix + line}\n`);
      });
    }
    children.push({ name, child });
    return child;
  };
  const stop = async () => {
    // Front to back: the gateway stops taking requests before what it calls goes away.
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };

  try {
    // The legacy systems: stand-ins that are servers, and database systems installed (then closed: one PGlite opener at a time).
    for (const legacy of systems.flatMap((s) => (s.legacy ? [s.legacy] : []))) {
      const envName = `LEGACY_${upper(legacy.name)}`;
      if (legacy.port) {
        const child = run(`legacy-${legacy.name}`, `legacy/${legacy.name}/main.ts`, { [`${envName}_PORT`]: String(legacyPort(legacy)) });
        await listening(child, `legacy-${legacy.name}`, legacyPort(legacy)!);
      } else {
        const child = run(`legacy-${legacy.name}`, `legacy/${legacy.name}/main.ts`, {
          [`${upper(legacy.name)}_DATA_DIR`]: path.join(options.dataDir, legacy.name),
        });
        await exitedOk(child, `legacy-${legacy.name}`);
      }
    }
    // Selfservice first: the others write the access log and filings through it.
    const order = inStartOrder(systems);
    for (const system of order) {
      const name = upper(system.name);
      const credential = credentials.find((c) => c.name === system.name);
      const env: NodeJS.ProcessEnv = {
        ...legacyUrls,
        [`${name}_SUBGRAPH_PORT`]: String(port(system.name)),
        [`${name}_DATA_DIR`]: path.join(
          options.dataDir,
          system.name === 'selfservice' ? 'store' : system.legacy?.protocol === 'sql' ? system.legacy.name : `${system.name}-store`,
        ),
        [`${name}_STORE_DATA_DIR`]: path.join(options.dataDir, `${system.name}-store`),
        ...(credential ? { SERVICE_KEY: formatServiceCredential(credential) } : {}),
        ...(system.name === 'selfservice' ? { INTERNAL_SERVICE_KEYS: credentials.map(formatServiceCredential).join(',') } : {}),
      };
      const child = run(system.name, `subgraphs/${system.name}/main.ts`, env);
      await ready(child, system.name, port(system.name));
    }
    const gatewayPort = options.gatewayPort ?? port('gateway');
    const gateway = run('gateway', 'gateway/main.ts', {
      GATEWAY_DEV_ISSUER: 'true',
      DATA_DIR: options.dataDir,
      GATEWAY_PORT: String(gatewayPort),
      CALLER_CONTEXT_PRIVATE_KEY: JSON.stringify(privateJwk),
      ...(options.gatewayWorkers ? { GATEWAY_WORKERS: String(options.gatewayWorkers) } : {}),
      ...Object.fromEntries(systems.map((s) => [`SUBGRAPH_URL_${upper(s.name)}`, `http://127.0.0.1:${port(s.name)}/graphql`])),
    });
    await ready(gateway, 'gateway', gatewayPort);
    return { gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`, services: children.map(({ name, child }) => ({ name, pid: child.pid })), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves when the port accepts connections; rejects when the process exits first or it takes too long. */
function listening(child: ChildProcess, name: string, port: number): Promise<void> {
  return until(
    child,
    name,
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      }),
  );
}

/** Resolves when GET /ready answers 200. */
function ready(child: ChildProcess, name: string, port: number): Promise<void> {
  return until(child, name, () =>
    fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    ),
  );
}

function until(child: ChildProcess, name: string, check: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const onExit = (code: number | null) => {
      if (!done) {
        done = true;
        reject(new Error(`${name} exited (code ${code}) before it was ready; its output is above`));
      }
    };
    child.once('exit', onExit);
    const started = process.hrtime.bigint();
    const poll = async () => {
      if (done) return;
      if (await check()) {
        done = true;
        child.off('exit', onExit);
        resolve();
        return;
      }
      if (Number(process.hrtime.bigint() - started) / 1e6 > READY_TIMEOUT_MS) {
        done = true;
        reject(new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s`));
        return;
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}

function exitedOk(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (code ${code}); its output is above`)))),
  );
}
