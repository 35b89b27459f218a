import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../stack/loopbackPorts';
import { type SpawnedGateway, spawnGateway } from './spawned';

/**
 * Hive Gateway as a peer, kept out of the app: @graphql-hive/gateway needs Node >= 22.12 (its
 * sync-fetch dependency) and this project runs on Node 20, so the bench installs it on demand into
 * bench/.peers/hive (its own package.json, gitignored) and runs it under a Node 22 binary: HIVE_NODE
 * if set, this Node if it is 22.12 or later, else the official build from the npm registry's
 * `node-<platform>-<arch>` package, unpacked into bench/.peers/node22 (`npm pack`, no install scripts).
 * `npm ci` of the app never sees any of it.
 */
export const HIVE_GATEWAY_VERSION = '2.15.1';
const NODE22_VERSION = '22.23.5';
const PEERS_DIR = path.join(__dirname, '..', '..', 'bench', '.peers');
const HIVE_DIR = path.join(PEERS_DIR, 'hive');
const NODE_DIR = path.join(PEERS_DIR, 'node22');
const CONFIG = path.join(__dirname, 'hive', 'gateway.config.mjs');

type Say = (line: string) => void;

function atLeast22_12(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/** A Node >= 22.12 binary, fetched from the npm registry the first time; throws with the reason when there is none. */
export function node22(say: Say): string {
  if (process.env.HIVE_NODE) return process.env.HIVE_NODE;
  if (atLeast22_12(process.version)) return process.execPath;
  const binary = path.join(NODE_DIR, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  const pkg = `node-${os.platform()}-${os.arch()}@${NODE22_VERSION}`;
  say(`bench: fetching Node ${NODE22_VERSION} for Hive Gateway (npm pack ${pkg} into ${path.relative(process.cwd(), NODE_DIR)})`);
  mkdirSync(NODE_DIR, { recursive: true });
  const tarball = execFileSync('npm', ['pack', pkg, '--pack-destination', NODE_DIR, '--silent'], {
    cwd: NODE_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['xzf', path.join(NODE_DIR, tarball), '-C', NODE_DIR]);
  if (!existsSync(binary)) throw new Error(`${pkg} unpacked, but has no bin/node`);
  return binary;
}

/** The Hive Gateway CLI entry, installed into bench/.peers/hive the first time. */
export function hiveGatewayBin(say: Say): string {
  const installed = path.join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'package.json');
  if (!existsSync(installed) || (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version !== HIVE_GATEWAY_VERSION) {
    say(`bench: installing @graphql-hive/gateway@${HIVE_GATEWAY_VERSION} into ${path.relative(process.cwd(), HIVE_DIR)} (bench only, about a minute)`);
    mkdirSync(HIVE_DIR, { recursive: true });
    writeFileSync(
      path.join(HIVE_DIR, 'package.json'),
      `${JSON.stringify({ name: 'citizen-graph-bench-hive-peer', private: true, description: 'Hive Gateway for npm run bench only; not part of the app', dependencies: { '@graphql-hive/gateway': HIVE_GATEWAY_VERSION } }, null, 2)}\n`,
    );
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error'], {
      cwd: HIVE_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return path.join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
}

/** Starts Hive Gateway over `supergraphSdl` (routing URLs already pointing at the bench's subgraphs). */
export async function startHiveGateway(supergraphSdl: string, workers: number, say: Say, env: NodeJS.ProcessEnv = {}): Promise<SpawnedGateway> {
  const node = node22(say);
  const bin = hiveGatewayBin(say);
  const supergraphFile = path.join(HIVE_DIR, 'supergraph.graphql');
  writeFileSync(supergraphFile, supergraphSdl);
  const port = await freePort();
  return spawnGateway({
    name: 'Hive Gateway',
    command: node,
    args: [bin, 'supergraph', supergraphFile, '--jit', '--fork', String(workers), '--host', '127.0.0.1', '--port', String(port), '--config-path', CONFIG],
    env: { ...process.env, ...env, NODE_ENV: 'production', NODE_OPTIONS: '' },
    cwd: HIVE_DIR,
    url: `http://127.0.0.1:${port}/graphql`,
  });
}
