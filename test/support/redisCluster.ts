import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { canConnect, freePort, isFree } from '../../scripts/stack/loopbackPorts';
import { waitFor } from './throwawayRedis';

const run = promisify(execFile);

/** Whether redis-server and redis-cli are installed (a cluster test skips, saying so, without them). */
export function redisBinariesPresent(): boolean {
  return ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** As ThrowawayRedis: the servers keep a clock of their own (no faketime preload). */
function serverEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')));
}

export interface ClusterNode {
  readonly port: number;
  /** The node's cluster id, from CLUSTER MYID. */
  readonly id: string;
}

/**
 * A Redis Cluster of the test's own on loopback: `masters` masters, each with `replicasPerMaster`
 * replicas (so a killed master is replaced by promotion), in a temporary directory. stop() kills
 * every node and removes the directory; call it in afterAll even when start() failed half way
 * (RedisCluster.create returns the object before starting, for exactly that).
 */
export class RedisCluster {
  private readonly processes = new Map<number, ChildProcess>();
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'citizen-graph-redis-cluster-'));
  ports: number[] = [];
  nodeIds = new Map<number, string>();

  constructor(
    private readonly masters = 3,
    private readonly replicasPerMaster = 1,
    private readonly nodeTimeoutMs = 1000,
  ) {}

  /** redis+cluster://127.0.0.1:p1,127.0.0.1:p2,... as REDIS_URL takes it (createRedisClient). */
  get url(): string {
    return `redis+cluster://${this.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
  }

  async start(): Promise<void> {
    const count = this.masters * (1 + this.replicasPerMaster);
    this.ports = await freeClusterPorts(count);
    for (const port of this.ports) this.spawnNode(port);
    for (const port of this.ports) await waitFor(() => canConnect(port), 5000, `redis-server on port ${port} did not start`);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(this.replicasPerMaster), '--cluster-yes'],
      { env: serverEnv(), timeout: 30_000 },
    );
    for (const port of this.ports) this.nodeIds.set(port, (await this.cli(port, 'CLUSTER', 'MYID')).trim());
    await this.waitHealthy(20_000);
  }

  /** redis-cli against one node; the reply as text. */
  async cli(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { env: serverEnv(), timeout: 5000 });
    return stdout;
  }

  /** The live nodes' view: port, role and (masters) whether they serve slots. */
  async topology(): Promise<{ port: number; role: 'master' | 'slave'; failed: boolean; slots: string[]; id: string }[]> {
    const alive = this.ports.find((p) => this.isRunning(p));
    if (alive === undefined) return [];
    const text = await this.cli(alive, 'CLUSTER', 'NODES');
    return text
      .trim()
      .split('\n')
      .map((line) => {
        const [id, address, flags, , , , , , ...slots] = line.split(' ');
        const port = Number(address.split('@')[0].split(':').pop());
        return { id, port, role: flags.includes('master') ? 'master' : 'slave', failed: flags.split(',').includes('fail'), slots };
      });
  }

  /** The port of the master serving a key's slot (hash tags respected). */
  async masterOf(key: string): Promise<number> {
    const alive = this.ports.find((p) => this.isRunning(p))!;
    const slot = Number((await this.cli(alive, 'CLUSTER', 'KEYSLOT', key)).trim());
    for (const node of await this.topology()) {
      if (node.role !== 'master' || node.failed) continue;
      for (const range of node.slots) {
        const [from, to] = range.split('-').map(Number);
        if (slot >= from && slot <= (to ?? from)) return node.port;
      }
    }
    throw new Error(`no live master serves slot ${slot} of ${key}`);
  }

  /** Every running node says cluster_state:ok and every slot is served by a live master. */
  async healthy(): Promise<boolean> {
    try {
      for (const port of this.ports.filter((p) => this.isRunning(p))) {
        const info = await this.cli(port, 'CLUSTER', 'INFO');
        if (!info.includes('cluster_state:ok')) return false;
      }
      const masters = (await this.topology()).filter((n) => n.role === 'master' && !n.failed && this.isRunning(n.port));
      return masters.length === this.masters;
    } catch {
      return false;
    }
  }

  async waitHealthy(timeoutMs: number): Promise<void> {
    await waitFor(() => this.healthy(), timeoutMs, 'the redis cluster did not become healthy');
  }

  isRunning(port: number): boolean {
    const child = this.processes.get(port);
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  }

  /** SIGKILL one node, as a machine dying would. */
  async kill(port: number): Promise<void> {
    const child = this.processes.get(port);
    if (!child || !this.isRunning(port)) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Kills every node and removes the temporary directory; safe to call more than once, and after a failed start. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((port) => this.kill(port)));
    this.processes.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawnNode(port: number): void {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        String(this.nodeTimeoutMs),
        '--dir',
        this.dir,
        '--logfile',
        path.join(this.dir, `redis-${port}.log`),
      ],
      { stdio: 'ignore', env: serverEnv() },
    );
    this.processes.set(port, child);
  }
}

/** `count` loopback ports p whose cluster bus port p + 10000 is free too. */
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < 200; attempt += 1) {
    const port = await freePort();
    if (port + 10_000 > 65_535 || ports.includes(port)) continue;
    if (await isFree(port + 10_000)) ports.push(port);
  }
  if (ports.length < count) throw new Error('no free loopback ports for a redis cluster');
  return ports;
}
