import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drive, type WorkloadRequest } from './bench/drive';
import { BENCH_STATIC_CONTEXTS_FLAG } from '../domain/caller/benchStaticContext';
import { HIVE_GATEWAY_VERSION, startHiveGateway } from './bench/hivePeer';
import { forkBenched } from './bench/ipc';
import { startOurGateway } from './bench/ourGateway';
import type { ProcessFigures } from './bench/processStats';
import type { TreeFigures } from './bench/procTree';
import { markdownReport, svgChart } from './bench/report';
import type { SpawnedGateway } from './bench/spawned';
import type { BenchPlan, BenchResults, PeerPlan, PeerReady, PeerStatus, ProcessResult, StackCounters, StackReady, WorkloadResult } from './bench/types';

/**
 * npm run bench [-- --quick] [--zero] [--cpr-ms N --tax-ms N --housing-ms N --sql-ms N] [--concurrency 8,50] [--out DIR]
 *   [--peers apollo,hive | --no-peers] [--workers N] [--seconds N] [--workloads overview-identical,caseworker-citizen]
 *   [--profile DIR]
 *
 * Builds the services first (scripts/build.ts, as `npm run build` for the Dockerfile) into
 * bench/.build/<run> (gitignored, inside the repository so node_modules resolves; removed at the end),
 * with the stock Apollo Gateway peer (scripts/bench/tsconfig.build.json), and stops if that fails.
 * Starts the stand-ins and subgraphs in one process (under tsx), Citizen Graph's gateway (the compiled
 * gateway/main.js under plain node, a worker per core) in another, and the peer gateways in theirs
 * (stock Apollo Gateway, compiled too; Hive Gateway,
 * fetched on demand with the Node 22 it needs: scripts/bench/hivePeer.ts), all on loopback, and
 * drives them from this process with autocannon at fixed concurrencies, for a fixed number of
 * requests, or (the peer workloads) a fixed time. Writes latest.json, latest.md
 * and latest.svg under bench/results/ (the run before is kept as previous.*; --quick writes to the
 * temporary directory unless --out says otherwise). Redis at REDIS_URL,
 * PostgreSQL at DATABASE_URL (defaults: the local ones the tests use). Method: docs/performance.md.
 */
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const zero = flag('zero') || quick;
const ms = (name: string, realistic: number) => Number(option(`${name}-ms`) ?? (zero ? 0 : realistic));
const LATENCY = { cpr: ms('cpr', 20), tax: ms('tax', 60), housing: ms('housing', 30), sql: ms('sql', 5) };
const CONCURRENCIES = (option('concurrency') ?? (quick ? '4' : '8,50')).split(',').map(Number);
// A --quick run is a smoke test: it never replaces the committed results.
const OUT = path.resolve(option('out') ?? (quick ? path.join(os.tmpdir(), 'citizen-graph-bench-quick') : path.join(__dirname, '..', 'bench', 'results')));
const SIZES = quick
  ? { citizensPerSet: 24, lists: 3, listRequests: 6, catalogueRequests: 60, filings: 12, peerCitizens: 24, coldLists: 3, serialCitizens: 24 }
  : { citizensPerSet: 1000, lists: 50, listRequests: 100, catalogueRequests: 2000, filings: 200, peerCitizens: 1000, coldLists: 20, serialCitizens: 100 };
/**
 * The cold caseworker lists (goal (b)): this many citizens a list, each list of citizens asked nowhere else in the run.
 * Legacy calls per request are what they measure, so they run at the first concurrency only, a few requests a size (at
 * least as many as connections: autocannon needs one per connection).
 */
const COLD_LIST_SIZES = [10, 100];
const COLD_LISTS = Math.max(SIZES.coldLists, CONCURRENCIES[0]);
/** Seconds per point of the peer workloads. */
const SECONDS = Number(option('seconds') ?? (quick ? 2 : 10));
/** Gateway processes of ours and of Hive Gateway (the stock Apollo Gateway has no clustering). */
const WORKERS = Number(option('workers') ?? os.availableParallelism());
const PEERS = flag('no-peers') ? [] : (option('peers') ?? 'apollo,hive').split(',').map((p) => p.trim());
/** --workloads a,b: only these workload ids (e.g. overview-identical,caseworker-citizen); default all. */
const ONLY = option('workloads')
  ?.split(',')
  .map((w) => w.trim());
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** --profile DIR: V8 CPU profiles (.cpuprofile, open in Chrome DevTools) of our gateway's processes and the stack process, written when they stop. */
const PROFILE_DIR = option('profile') ? path.resolve(option('profile')!) : undefined;
const PROFILE_FLAGS = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

const OVERVIEW = `query Overview { me { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;
const ROOT = path.join(__dirname, '..');
/** Where this run builds the services and the Apollo peer: inside the repository, so their imports find node_modules. */
const BUILD_ROOT = path.join(ROOT, 'bench', '.build');
const LIST = `query CaseworkerList($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { full } housingBenefit { status monthlyAmount { kroner } }
  benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;
const CATALOGUE = 'query Catalogue { serviceCatalogue { version } services { code nameEn mandatoryDigital delegable } }';
/** The persisted-query hash of OVERVIEW: registered once, then sent alone by the persisted workload. */
const OVERVIEW_HASH = createHash('sha256').update(OVERVIEW).digest('hex');
const APPLY = `mutation Apply($input: BenefitApplicationInput!, $key: ID!) { applyForBenefit(input: $input, idempotencyKey: $key) { application { id status } channel } }`;

const CITIZEN = `query CaseworkerCitizen($cpr: CPR!) { citizen(cpr: $cpr) { cpr name { full } address { city } housingBenefit { status monthlyAmount { kroner } }
  benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const graphql = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
/** Peers carry no token: the client names the static identity whose bench context they send (scripts/bench/hive/gateway.config.mjs, apolloGatewayPeer.ts). */
const asIdentity = (identity: string) => ({ 'x-bench-identity': identity });

interface Workload {
  readonly id: string;
  readonly title: string;
  /** A fixed number of requests, or (peer workloads) a fixed time. */
  readonly amount?: number;
  readonly seconds?: number;
  /** The i-th request, for our gateway (bearer token) or for a peer (static context). */
  readonly request: (i: number, forPeer: boolean) => WorkloadRequest;
  /** Checks every answer is the right citizen's data. */
  readonly check?: (i: number, body: string) => boolean;
  /** Peers run it too. */
  readonly peers?: boolean;
}

/** A gateway under load: ours (a cluster), or a peer. */
interface Target {
  readonly name: string;
  readonly url: string;
  reset(): Promise<void>;
  counters(): Promise<{ process: ProcessFigures & Partial<TreeFigures> }>;
  stop(): Promise<void>;
}

function fromSpawned(name: string, gateway: SpawnedGateway): Target {
  return { name, url: gateway.url, reset: async () => gateway.reset(), counters: async () => gateway.counters(), stop: () => gateway.stop() };
}

// biome-ignore lint/suspicious/noExplicitAny: the bench reads whichever JSON the gateways answered; each use checks its shape.
function parsed(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The i-th request of a citizen overview workload: each citizen asks for their own overview, in turn. */
const overviewOf = (citizens: readonly { token: string }[]) => (i: number) => ({
  headers: bearer(citizens[i % citizens.length].token),
  body: graphql(OVERVIEW),
});

function workloadsAt(plan: BenchPlan, peerPlan: PeerPlan, set: number, runId: string): Workload[] {
  const citizens = plan.overviewSets[set];
  const lists = plan.caseworkerLists;
  const listRequest = (list: { token: string; cprs: readonly string[] }) => ({ headers: bearer(list.token), body: graphql(LIST, { cprs: list.cprs }) });
  const overview = overviewOf(citizens);
  const caseload = peerPlan.caseworker.citizens;
  const one = peerPlan.identical;
  const all: Workload[] = [
    { id: 'overview-cold', title: 'citizen overview, cold cache', amount: citizens.length, request: overview },
    { id: 'overview-warm', title: 'citizen overview, warm cache', amount: citizens.length, request: overview },
    {
      id: 'caseworker-list',
      title: 'caseworker list of 100',
      amount: SIZES.listRequests,
      request: (i) => listRequest(lists[i % lists.length]),
    },
    // Goal (b), at the first concurrency only: each list asked once, of citizens asked nowhere else in the run, so every one is a cache miss.
    ...(plan.coldLists[set] ?? []).map(
      ({ size, lists: cold }): Workload => ({
        id: `caseworker-list-cold-${size}`,
        title: `caseworker list of ${size}, cold cache`,
        amount: cold.length,
        request: (i) => listRequest(cold[i % cold.length]),
      }),
    ),
    {
      id: 'catalogue',
      title: 'public catalogue, no token',
      amount: SIZES.catalogueRequests,
      peers: true,
      request: () => ({ headers: {}, body: graphql(CATALOGUE) }),
    },
    {
      id: 'filing',
      title: 'filing mutation',
      amount: SIZES.filings,
      // Letters around the number: a key with ten digits in a row is CPR-shaped and refused.
      request: (i) => {
        const c = citizens[i % citizens.length];
        return {
          headers: bearer(c.token),
          body: graphql(APPLY, { input: { cpr: c.cpr, type: 'SICKNESS_BENEFIT', text: 'bench' }, key: `bench-${runId}-${set}-n${i}` }),
        };
      },
    },
    {
      id: 'overview-persisted',
      title: 'citizen overview, persisted, warm',
      amount: citizens.length,
      request: (i) => ({
        headers: bearer(citizens[i % citizens.length].token),
        body: JSON.stringify({ operationName: 'Overview', extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW_HASH } } }),
      }),
    },
    {
      id: 'caseworker-citizen',
      title: `caseworker, citizen(cpr:) of ${caseload.length}, warm`,
      seconds: SECONDS,
      peers: true,
      request: (i, forPeer) => ({
        headers: forPeer ? asIdentity('caseworker') : bearer(peerPlan.caseworker.token),
        body: graphql(CITIZEN, { cpr: caseload[i % caseload.length].cpr }),
      }),
      check: (i, body) => {
        const expected = caseload[i % caseload.length];
        const citizen = parsed(body)?.data?.citizen;
        return citizen?.cpr === expected.cpr && citizen?.name?.full === expected.fullName;
      },
    },
    {
      id: 'overview-identical',
      title: "one citizen's overview, identical requests, warm",
      seconds: SECONDS,
      peers: true,
      request: (_i, forPeer) => ({ headers: forPeer ? asIdentity('citizen') : bearer(one.token), body: graphql(OVERVIEW) }),
      check: (_i, body) => parsed(body)?.data?.me?.name?.full === one.fullName,
    },
  ];
  return ONLY ? all.filter((w) => ONLY.includes(w.id)) : all;
}

function perRequest(counts: Readonly<Record<string, number>>, requests: number): Record<string, number> & { total: number } {
  const each = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / Math.max(1, requests)]));
  return { ...each, total: Object.values(counts).reduce((a, b) => a + b, 0) / Math.max(1, requests) };
}

function processResult(name: string, counters: { process: ProcessFigures & Partial<TreeFigures> }, requests: number): ProcessResult {
  return {
    name,
    cpuMsPerRequest: counters.process.cpuMs / Math.max(1, requests),
    peakRssMb: counters.process.peakRssMb,
    ...(counters.process.peakWorkerRssMb !== undefined ? { peakWorkerRssMb: counters.process.peakWorkerRssMb, workers: counters.process.processes } : {}),
  };
}

/**
 * The legacy floor: the stand-in latencies a request must wait for one after another. Cold, the
 * citizen's register record (CPR) comes first, as every other subgraph's fetch hangs off the
 * citizen; then tax, housing and benefits in parallel, so the slowest of those the query asks. The
 * warm workloads are meant to be served from the cache: their floor is 0, and the legacy calls a
 * request still made (entries expired during a slow run) are shown beside it.
 */
function floorOf(workload: string, legacyCalls: number): { floorMs: number; path: string } | undefined {
  const measured = `${legacyCalls.toFixed(2)} legacy calls/request`;
  if (['overview-warm', 'overview-persisted', 'caseworker-citizen', 'overview-identical'].includes(workload))
    return { floorMs: 0, path: `warm: from the cache (${measured})` };
  if (workload !== 'overview-cold') return undefined;
  const parallel = { tax: LATENCY.tax, housing: LATENCY.housing, sql: LATENCY.sql };
  const [slowest, ms] = Object.entries(parallel).sort((a, b) => b[1] - a[1])[0];
  return { floorMs: LATENCY.cpr + ms, path: `cold: CPR ${LATENCY.cpr} ms, then ${slowest} ${ms} ms (${measured})` };
}

/**
 * Compiles the services and the stock Apollo Gateway peer as `npm run build` does (scripts/build.ts),
 * into `outDir`. A failed build stops the run with the compiler's output: the gateways are never run
 * under tsx instead.
 */
function buildServices(outDir: string): string {
  const built = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'build.ts'), '--out-dir', outDir, '--project', path.join(__dirname, 'bench', 'tsconfig.build.json')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const output = `${built.stdout ?? ''}${built.stderr ?? ''}`.trim();
  if (built.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(
      `the build of the services failed (scripts/build.ts --out-dir ${path.relative(ROOT, outDir)}, exit ${built.status ?? built.signal ?? built.error?.message}); the bench runs the gateways compiled only, so it stops:\n${output.slice(-4000)}`,
    );
  }
  return output.split('\n').pop() ?? '';
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = os.loadavg()[0];
  const runId = started.getTime().toString(36);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  // One folder per run: another run in the same tree keeps its own. Removed when this process exits, unless --profile
  // (the profiles point at the compiled files).
  const buildDir = path.join(BUILD_ROOT, `${runId}-${process.pid}`);
  say(
    `bench: building the services and the Apollo Gateway peer into ${path.relative(ROOT, buildDir)} (scripts/build.ts, as npm run build${PROFILE_DIR ? '; kept after the run, for the profiles' : ''})`,
  );
  if (!PROFILE_DIR) process.on('exit', () => rmSync(buildDir, { recursive: true, force: true }));
  say(`bench: ${buildServices(buildDir)}`);
  say(`bench: starting the stand-ins and subgraphs (stand-in latency ${JSON.stringify(LATENCY)} ms)`);
  const stack = await forkBenched<StackReady>(
    path.join(__dirname, 'bench', 'stackProcess.ts'),
    [],
    {
      ...process.env,
      BENCH_LATENCY: JSON.stringify(LATENCY),
      // The bench-only static contexts for the peers (domain/caller/benchStaticContext.ts), in this process only.
      [BENCH_STATIC_CONTEXTS_FLAG]: '1',
      // A caseworker's static context lists the caseload of 1,000 citizens (about 27 kB) for the subgraphs without the register.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-http-header-size=131072`.trim(),
    },
    PROFILE_FLAGS,
  );
  const targets: Target[] = [];
  const peerStatus: PeerStatus[] = [];
  // Ctrl-C or a kill stops the gateways and the stack this run started, not only this process.
  const interrupted = async () => {
    say('bench: interrupted; stopping the gateways and the stack');
    for (const target of [...targets].reverse()) await target.stop().catch(() => undefined);
    await stack.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    say(`bench: starting Citizen Graph's gateway (node ${path.relative(ROOT, path.join(buildDir, 'gateway', 'main.js'))}, compiled, ${WORKERS} workers)`);
    targets.push(fromSpawned('citizen-graph', await startOurGateway(buildDir, stack.ready, WORKERS, REDIS_URL, PROFILE_FLAGS)));

    say('bench: minting tokens, static contexts and picking citizens');
    const plan = await stack.ask<BenchPlan>('plan', {
      overviewSets: CONCURRENCIES.length,
      citizensPerSet: SIZES.citizensPerSet,
      lists: SIZES.lists,
      coldLists: { sets: 1, sizes: COLD_LIST_SIZES, count: COLD_LISTS },
      serialCitizens: SIZES.serialCitizens,
    });
    const peerPlan = await stack.ask<PeerPlan>('peerPlan', { citizens: SIZES.peerCitizens });
    const contextsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cg-bench-contexts-')), 'static-contexts.json');
    writeFileSync(contextsFile, JSON.stringify({ caseworker: peerPlan.caseworker.staticContexts, citizen: peerPlan.identical.staticContexts }), {
      mode: 0o600,
    });
    const sdl = readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8').replace(
      /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
      (whole, name: string) => (stack.ready.subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${stack.ready.subgraphUrls[name]}")` : whole),
    );

    if (PEERS.includes('apollo')) {
      say('bench: starting stock Apollo Gateway (compiled, plain node)');
      const apollo = await forkBenched<PeerReady>(
        path.join(buildDir, 'scripts', 'bench', 'apolloGatewayPeer.js'),
        [],
        { ...process.env, BENCH_SUBGRAPH_URLS: JSON.stringify(stack.ready.subgraphUrls), BENCH_STATIC_CONTEXTS_FILE: contextsFile },
        [],
        { tsx: false },
      );
      targets.push({
        name: 'Apollo Gateway (stock)',
        url: apollo.ready.gatewayUrl,
        reset: () => apollo.ask('reset'),
        counters: () => apollo.ask('counters'),
        stop: () => apollo.stop(),
      });
      peerStatus.push({
        name: 'Apollo Gateway (stock)',
        measured: true,
        workloads: ['catalogue', 'caseworker-citizen', 'overview-identical'],
        note: "new ApolloGateway({ supergraphSdl }) with @apollo/server defaults, one process (no clustering in stock), compiled JavaScript under plain node as ours. On the authenticated workloads it sends the bench's static caller context per subgraph (a RemoteGraphQLDataSource willSendRequest adding the header).",
      });
    }
    if (PEERS.includes('hive')) {
      say(`bench: starting Hive Gateway ${HIVE_GATEWAY_VERSION} (--jit, ${WORKERS} workers, NODE_ENV=production)`);
      try {
        targets.push(fromSpawned('Hive Gateway', await startHiveGateway(sdl, WORKERS, say, { BENCH_STATIC_CONTEXTS_FILE: contextsFile })));
        peerStatus.push({
          name: 'Hive Gateway',
          measured: true,
          workloads: ['catalogue', 'caseworker-citizen', 'overview-identical'],
          note: `@graphql-hive/gateway ${HIVE_GATEWAY_VERSION} CLI, \`supergraph --jit --fork ${WORKERS}\`, NODE_ENV=production, its defaults otherwise (in-flight deduplication of identical subgraph requests on); under Node 22 (it needs >= 22.12), installed by the bench into bench/.peers. On the authenticated workloads it sends the bench's static caller context per subgraph (documented header propagation, scripts/bench/hive/gateway.config.mjs).`,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        say(`bench: Hive Gateway unavailable, measuring without it: ${reason.split('\n')[0]}`);
        peerStatus.push({ name: 'Hive Gateway', measured: false, workloads: [], note: `Not measured in this run: ${reason.split('\n')[0]}` });
      }
    }
    const ours = targets[0];
    const peers = targets.slice(1);

    // Warm the query-plan caches of every gateway on the public query, so no gateway is measured planning.
    for (const target of targets)
      await drive({ url: target.url, connections: 2, amount: 20, progress: false, request: () => ({ headers: {}, body: graphql(CATALOGUE) }) });
    // The persisted operation is registered once; the workload then sends its hash only.
    await fetch(ours.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(plan.overviewSets[0][0].token) },
      body: JSON.stringify({ query: OVERVIEW, extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW_HASH } } }),
    });

    const results: WorkloadResult[] = [];
    // Every workload at each concurrency; then the cold overview once more at concurrency 1, over citizens of its own, after
    // the gateway's start-up: its p50 is the latency above the legacy floor, without queueing on the shared cores.
    const serial = plan.serialSet;
    const coldOne: Workload = {
      id: 'overview-cold',
      title: 'citizen overview, cold cache',
      amount: serial.length,
      request: overviewOf(serial),
    };
    const points = [
      ...CONCURRENCIES.flatMap((connections, set) => workloadsAt(plan, peerPlan, set, runId).map((workload) => ({ connections, workload, first: set === 0 }))),
      ...(serial.length && (!ONLY || ONLY.includes('overview-cold')) ? [{ connections: 1, workload: coldOne, first: false }] : []),
    ];
    const total = points.reduce((n, p) => n + 1 + (p.workload.peers ? peers.length : 0), 0);
    let step = 0;
    for (const { connections, workload, first } of points) {
      if (first && workload.check) {
        // Each gateway plans the query once before it is measured.
        for (const peer of peers) await drive({ url: peer.url, connections: 2, amount: 10, progress: false, request: (i) => workload.request(i, true) });
      }
      for (const target of [ours, ...(workload.peers ? peers : [])]) {
        const forPeer = target !== ours;
        if (workload.check) {
          // Warm for every gateway alike: right before each point, one pass over the citizens through ours refills the subgraphs'
          // cache (housing keeps a citizen without housing benefit for 30 s only, shorter than a workload's three points).
          say(`bench: warming the cache for ${workload.title}`);
          const amount = workload.id === 'caseworker-citizen' ? SIZES.peerCitizens : 20;
          await drive({ url: ours.url, connections: Math.min(32, amount), amount, progress: false, request: (i) => workload.request(i, false) });
        }
        say(
          `bench: [${++step}/${total}] ${workload.title}, ${target.name}, ${connections} connections, ${workload.amount !== undefined ? `${workload.amount} requests` : `${workload.seconds} s`}`,
        );
        await stack.ask('reset');
        await target.reset();
        const driven = await drive({
          url: target.url,
          connections,
          amount: workload.amount,
          seconds: workload.seconds,
          check: workload.check,
          request: (i) => workload.request(i, forPeer),
          progress: process.stderr.isTTY && !quick,
        });
        const counters = await stack.ask<StackCounters>('counters');
        const own = await target.counters();
        const lookups = counters.cache.hits + counters.cache.misses;
        const result: WorkloadResult = {
          workload: workload.id,
          title: workload.title,
          gateway: target.name,
          connections,
          requests: driven.requests,
          failures: driven.failures,
          wrongAnswers: driven.wrongAnswers,
          ...(driven.firstFailure ? { firstFailure: driven.firstFailure } : {}),
          requestsPerSecond: driven.requestsPerSecond,
          latencyMs: driven.latencyMs,
          legacyCallsPerRequest: perRequest(counters.legacyCalls, driven.requests),
          subgraphFetchesPerRequest: perRequest(counters.subgraphFetches, driven.requests),
          cacheHitRatio: lookups ? counters.cache.hits / lookups : null,
          processes: [processResult(`${target.name} gateway`, own, driven.requests), processResult('stand-ins and subgraphs', counters, driven.requests)],
        };
        results.push(result);
        say(
          `bench:   ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, ${result.failures} failed${workload.check ? ` (${driven.wrongAnswers} wrong data)` : ''}${driven.firstFailure ? `; first: ${driven.firstFailure}` : ''}`,
        );
      }
    }

    const oursOn = (workload: string, connections: number) =>
      results.find((r) => r.gateway === 'citizen-graph' && r.workload === workload && r.connections === connections);
    const ratios = results
      .filter((r) => r.gateway !== 'citizen-graph')
      .flatMap((r) => {
        const base = oursOn(r.workload, r.connections);
        return base
          ? [
              {
                peer: r.gateway,
                workload: r.title,
                connections: r.connections,
                throughput: r.requestsPerSecond / base.requestsPerSecond,
                p50: r.latencyMs.p50 / base.latencyMs.p50,
                p99: r.latencyMs.p99 / base.latencyMs.p99,
              },
            ]
          : [];
      });
    const floors = results
      .filter((r) => r.gateway === 'citizen-graph')
      .flatMap((r) => {
        const floor = floorOf(r.workload, r.legacyCallsPerRequest.total);
        return floor
          ? [{ workload: r.title, connections: r.connections, ...floor, oursP50Ms: r.latencyMs.p50, aboveFloorMs: r.latencyMs.p50 - floor.floorMs }]
          : [];
      });
    const run: BenchResults = {
      startedAt: started.toISOString(),
      quick,
      node: process.version,
      commit: commitOf(),
      latencyMs: LATENCY,
      concurrencies: CONCURRENCIES,
      results,
      peers: peerStatus,
      ratios,
      floors,
      gatewayWorkers: WORKERS,
      runtime: `Ours (node ${path.relative(ROOT, buildDir)}/gateway/main.js, as the Dockerfile runs dist/gateway/main.js) and the stock Apollo Gateway ran compiled JavaScript under plain node, built by scripts/build.ts at the start of the run; the stand-ins and subgraphs ran under tsx${PEERS.includes('hive') ? '; Hive Gateway ran its published package under Node 22' : ''}.`,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    };
    writeResults(run);
    process.stdout.write(`\n${markdownReport(run)}\nwritten to ${OUT}\n`);
  } finally {
    for (const target of targets.reverse()) await target.stop().catch(() => undefined);
    await stack.stop();
  }
}

function commitOf(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** latest.* become previous.* first, so the run before stays beside this one and a regression shows. */
function writeResults(run: BenchResults): void {
  mkdirSync(OUT, { recursive: true });
  for (const ext of ['json', 'md', 'svg']) {
    const latest = path.join(OUT, `latest.${ext}`);
    if (existsSync(latest)) renameSync(latest, path.join(OUT, `previous.${ext}`));
  }
  writeFileSync(path.join(OUT, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(path.join(OUT, 'latest.md'), markdownReport(run));
  writeFileSync(path.join(OUT, 'latest.svg'), svgChart(run));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
