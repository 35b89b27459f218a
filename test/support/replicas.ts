import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ActingDirectoryClient } from '../../gateway/identity/ActingDirectoryClient';
import { buildGateway, type GatewayOptions } from '../../gateway/server';
import type { RunningStack } from '../../scripts/stack/startStack';
import { serviceCatalogue } from '../../domain';
import { type Logger, silentLogger } from '../../platform';
import type { RunningService } from '../../subgraphs/kit';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import { SYSTEMS, type SystemEntry } from '../../systems';
import type { ReplicaProcessConfig } from './subgraphReplicaProcess';

const ROOT = path.join(__dirname, '..', '..');

const selfserviceBase = (stack: RunningStack) => stack.subgraphs.selfservice.url.replace(/\/graphql$/, '');

/**
 * Another full gateway replica of a running stack, as a second pod would be: the same token
 * verifier, the same caller-context signing key (so the subgraphs trust it), its own acting
 * directory, Redis client and rate-limit store. `subgraphUrls` sends some subgraphs to other
 * replicas (e.g. { citizen: <second citizen replica> }); the rest go to the stack's.
 */
export async function startFullGatewayReplica(
  stack: RunningStack,
  options: { subgraphUrls?: Readonly<Record<string, string>>; gateway?: Partial<GatewayOptions>; logger?: Logger } = {},
): Promise<RunningService> {
  const subgraphUrls = { ...Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])), ...options.subgraphUrls };
  const signingKey = stack.contextKeys.privateKey!;
  return buildGateway({
    supergraphSdl: readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    logger: options.logger ?? silentLogger,
    identity: {
      verifyToken: stack.verifyToken,
      directory: new ActingDirectoryClient({
        selfservice: new SelfserviceClient({ baseUrl: selfserviceBase(stack), timeoutMs: 3000 }),
        citizenSubgraphUrl: subgraphUrls.citizen,
        catalogue: serviceCatalogue(),
        signingKey,
      }),
      signingKey,
      clock: stack.clock,
    },
    subgraphUrls,
    ...options.gateway,
  }).listen(0, '127.0.0.1');
}

export interface SubgraphReplicaProcess {
  readonly url: string;
  /** GET /metrics of the replica (Prometheus text). */
  metrics(): Promise<string>;
  /** SIGKILL, as a node failure: requests in flight are cut wherever they are. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL after 5 s; safe after kill(). */
  stop(): Promise<void>;
}

/**
 * A second replica of subgraph `name` in a process of its own (node --import tsx test/support/subgraphReplicaProcess.ts),
 * sharing the stack's caller-context key, the subgraph's selfservice credential, its legacy system,
 * the Redis of `cache` and the stack's PostgreSQL store schema. Resolves once it listens.
 */
export async function spawnSubgraphReplica(
  stack: RunningStack,
  name: string,
  options: { databaseUrl: string; cache?: ReplicaProcessConfig['cache']; legacyUrl?: string },
): Promise<SubgraphReplicaProcess> {
  const system = (SYSTEMS as readonly SystemEntry[]).find((s) => s.name === name);
  if (!system) throw new Error(`no subgraph "${name}" in the registry`);
  const storeSchema = (stack.storeSql as { schema?: string }).schema;
  if (!storeSchema) throw new Error("the stack's store is not a throwaway PostgreSQL schema (startTestStack makes one)");
  const legacyName = system.legacy?.name;
  const standIn = legacyName ? stack.standIns[legacyName] : undefined;
  const credential = stack.serviceCredentials[name];
  const config: ReplicaProcessConfig = {
    name,
    contextPublicJwk: { ...stack.contextKeys.publicJwk },
    credential: credential ? { name: credential.name, secret: credential.secret.toString('base64') } : undefined,
    selfserviceUrl: selfserviceBase(stack),
    legacy: legacyName && standIn ? { system: legacyName, url: options.legacyUrl ?? standIn.url } : undefined,
    registerUrl: stack.standIns.cpr.url,
    databaseUrl: options.databaseUrl,
    storeSchema,
    cache: options.cache,
    clockAt: stack.clock.now().toISOString(),
  };
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS'));
  // node --import tsx, not the tsx CLI: the CLI runs the script in a child of its own, which a SIGKILL to the CLI would orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'subgraphReplicaProcess.ts')], {
    cwd: ROOT,
    env: { ...env, SUBGRAPH_REPLICA: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await readyUrl(child, 60_000).catch(async (error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    metrics: async () => (await fetch(url.replace(/\/graphql$/, '/metrics'))).text(),
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readyUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`subgraph replica not ready in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: string }).ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`subgraph replica exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

export interface ForwardingProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy to `target` that tells `onRequest` about each request before forwarding it.
 * The forward goes on when the caller disconnects, as the legacy system would keep working on a
 * request whose caller died: a test sees a write reach the legacy system and can kill the caller then.
 */
export async function forwardingProxy(target: string, onRequest: (method: string, path: string) => void): Promise<ForwardingProxy> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      onRequest(req.method ?? 'GET', req.url ?? '/');
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      void fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' }).end(body);
        })
        .catch(() => {
          if (!res.destroyed) res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
