import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drive, type WorkloadRequest } from './bench/drive';
import { type BenchedProcess, forkBenched } from './bench/ipc';
import { markdownReport, svgChart } from './bench/report';
import type { BenchPlan, BenchResults, PeerReady, PeerStatus, ProcessResult, StackCounters, StackReady, WorkloadResult } from './bench/types';

/**
 * npm run bench [-- --quick] [--zero] [--cpr-ms N --tax-ms N --housing-ms N --sql-ms N] [--concurrency 8,50] [--out DIR] [--no-peers]
 *
 * Starts Citizen Graph (stand-ins, subgraphs, gateway with production settings) in a process of its
 * own and the peer gateways in theirs, all on loopback, and drives them from this process with
 * autocannon at fixed concurrencies for a fixed number of requests. Writes latest.json, latest.md
 * and latest.svg under bench/results/ (the run before is kept as previous.*; --quick writes to the
 * temporary directory unless --out says otherwise). Redis at REDIS_URL,
 * PostgreSQL at DATABASE_URL (defaults: the local ones the tests use). Method: docs/performance.md.
 */
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const quick = flag('quick');
const zero = flag('zero') || quick;
const ms = (name: string, realistic: number) => Number(option(`${name}-ms`) ?? (zero ? 0 : realistic));
const LATENCY = { cpr: ms('cpr', 20), tax: ms('tax', 60), housing: ms('housing', 30), sql: ms('sql', 5) };
const CONCURRENCIES = (option('concurrency') ?? (quick ? '4' : '8,50')).split(',').map(Number);
// A --quick run is a smoke test: it never replaces the committed results.
const OUT = path.resolve(option('out') ?? (quick ? path.join(os.tmpdir(), 'citizen-graph-bench-quick') : path.join(__dirname, '..', 'bench', 'results')));
const SIZES = quick
  ? { citizensPerSet: 24, lists: 3, listRequests: 6, catalogueRequests: 60, filings: 12 }
  : { citizensPerSet: 1000, lists: 50, listRequests: 100, catalogueRequests: 2000, filings: 200 };

const OVERVIEW = `query Overview { me { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;
const LIST = `query CaseworkerList($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { full } housingBenefit { status monthlyAmount { kroner } }
  benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;
const CATALOGUE = 'query Catalogue { serviceCatalogue { version } services { code nameEn mandatoryDigital delegable } }';
/** The persisted-query hash of OVERVIEW: registered once, then sent alone by the persisted workload. */
const OVERVIEW_HASH = createHash('sha256').update(OVERVIEW).digest('hex');
const APPLY = `mutation Apply($input: BenefitApplicationInput!, $key: ID!) { applyForBenefit(input: $input, idempotencyKey: $key) { application { id status } channel } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const graphql = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

interface Workload {
  readonly id: string;
  readonly title: string;
  readonly amount: number;
  readonly request: (i: number) => WorkloadRequest;
  /** Peers run it too (public data only: they carry no caller context). */
  readonly peers?: boolean;
}

interface Peer {
  readonly name: string;
  readonly process: BenchedProcess<PeerReady>;
}

function workloadsAt(plan: BenchPlan, set: number, runId: string): Workload[] {
  const citizens = plan.overviewSets[set];
  const lists = plan.caseworkerLists;
  const overview = (i: number) => ({ headers: bearer(citizens[i % citizens.length].token), body: graphql(OVERVIEW) });
  return [
    { id: 'overview-cold', title: 'citizen overview, cold cache', amount: citizens.length, request: overview },
    { id: 'overview-warm', title: 'citizen overview, warm cache', amount: citizens.length, request: overview },
    { id: 'caseworker-list', title: 'caseworker list of 100', amount: SIZES.listRequests, request: (i) => ({ headers: bearer(lists[i % lists.length].token), body: graphql(LIST, { cprs: lists[i % lists.length].cprs }) }) },
    { id: 'catalogue', title: 'public catalogue, no token', amount: SIZES.catalogueRequests, peers: true, request: () => ({ headers: {}, body: graphql(CATALOGUE) }) },
    {
      id: 'filing', title: 'filing mutation', amount: SIZES.filings,
      // Letters around the number: a key with ten digits in a row is CPR-shaped and refused.
      request: (i) => { const c = citizens[i % citizens.length]; return { headers: bearer(c.token), body: graphql(APPLY, { input: { cpr: c.cpr, type: 'SICKNESS_BENEFIT', text: 'bench' }, key: `bench-${runId}-${set}-n${i}` }) }; },
    },
    {
      id: 'overview-persisted', title: 'citizen overview, persisted, warm', amount: citizens.length,
      request: (i) => ({ headers: bearer(citizens[i % citizens.length].token), body: JSON.stringify({ operationName: 'Overview', extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW_HASH } } }) }),
    },
  ];
}

function perRequest(counts: Readonly<Record<string, number>>, requests: number): Record<string, number> & { total: number } {
  const each = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / Math.max(1, requests)]));
  return { ...each, total: Object.values(counts).reduce((a, b) => a + b, 0) / Math.max(1, requests) };
}

function processResult(name: string, counters: Pick<StackCounters, 'process'>, requests: number): ProcessResult {
  return { name, cpuMsPerRequest: counters.process.cpuMs / Math.max(1, requests), peakRssMb: counters.process.peakRssMb };
}

async function main(): Promise<void> {
  const started = new Date();
  const runId = started.getTime().toString(36);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`bench: starting Citizen Graph (stand-in latency ${JSON.stringify(LATENCY)} ms)`);
  const stack = await forkBenched<StackReady>(path.join(__dirname, 'bench', 'stackProcess.ts'), [], { ...process.env, BENCH_LATENCY: JSON.stringify(LATENCY) });
  const peers: Peer[] = [];
  const peerStatus: PeerStatus[] = [];
  try {
    if (!flag('no-peers')) {
      say('bench: starting stock Apollo Gateway');
      const apollo = await forkBenched<PeerReady>(path.join(__dirname, 'bench', 'apolloGatewayPeer.ts'), [], { ...process.env, BENCH_SUBGRAPH_URLS: JSON.stringify(stack.ready.subgraphUrls) });
      peers.push({ name: 'Apollo Gateway (stock)', process: apollo });
      peerStatus.push({
        name: 'Apollo Gateway (stock)', measured: true, workloads: ['catalogue'],
        note: 'new ApolloGateway({ supergraphSdl }) with @apollo/server defaults. Only the public catalogue: our subgraphs accept a caller context bound to one subgraph, one request id and one operation kind, living seconds, so a static long-lived header cannot exist without a bench-only weakening of the subgraphs, which we do not build.',
      });
    }
    peerStatus.push({
      name: 'Hive Gateway', measured: false, workloads: [],
      note: 'Skipped: @graphql-hive/gateway 2.15.1 declares node >=20, but its dependency tree (npm install --dry-run, 606 packages) includes sync-fetch@0.7.1, which requires node >=22.12.0; this project runs on Node 20.',
    });

    say('bench: minting tokens and picking citizens');
    const plan = await stack.ask<BenchPlan>('plan', { overviewSets: CONCURRENCIES.length, citizensPerSet: SIZES.citizensPerSet, lists: SIZES.lists });
    // Warm the query-plan caches of every gateway on the public query, so peers are not measured planning.
    for (const url of [stack.ready.gatewayUrl, ...peers.map((p) => p.process.ready.gatewayUrl)]) {
      await drive({ url, connections: 2, amount: 20, progress: false, request: () => ({ headers: {}, body: graphql(CATALOGUE) }) });
    }
    // The persisted operation is registered once; the workload then sends its hash only.
    await fetch(stack.ready.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(plan.overviewSets[0][0].token) },
      body: JSON.stringify({ query: OVERVIEW, extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW_HASH } } }) });

    const results: WorkloadResult[] = [];
    const total = CONCURRENCIES.length * (6 + peers.length);
    let step = 0;
    for (const [set, connections] of CONCURRENCIES.entries()) {
      for (const workload of workloadsAt(plan, set, runId)) {
        const targets = [{ name: 'citizen-graph', url: stack.ready.gatewayUrl, own: undefined as BenchedProcess<PeerReady> | undefined },
          ...(workload.peers ? peers.map((p) => ({ name: p.name, url: p.process.ready.gatewayUrl, own: p.process })) : [])];
        for (const target of targets) {
          say(`bench: [${++step}/${total}] ${workload.title}, ${target.name}, ${connections} connections, ${workload.amount} requests`);
          await stack.ask('reset');
          await target.own?.ask('reset');
          const driven = await drive({ url: target.url, connections, amount: workload.amount, request: workload.request, progress: process.stderr.isTTY && !quick });
          const counters = await stack.ask<StackCounters>('counters');
          const own = await target.own?.ask<Pick<StackCounters, 'process'>>('counters');
          const lookups = counters.cache.hits + counters.cache.misses;
          const result: WorkloadResult = {
            workload: workload.id, title: workload.title, gateway: target.name, connections,
            requests: driven.requests, failures: driven.failures, requestsPerSecond: driven.requestsPerSecond, latencyMs: driven.latencyMs,
            legacyCallsPerRequest: perRequest(counters.legacyCalls, driven.requests),
            subgraphFetchesPerRequest: perRequest(counters.subgraphFetches, driven.requests),
            cacheHitRatio: lookups ? counters.cache.hits / lookups : null,
            processes: [...(own ? [processResult(`${target.name} process`, own, driven.requests)] : []), processResult('Citizen Graph process (stand-ins, subgraphs, gateway)', counters, driven.requests)],
          };
          results.push(result);
          say(`bench:   ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, ${result.failures} failed`);
        }
      }
    }

    const ours = (workload: string, connections: number) => results.find((r) => r.gateway === 'citizen-graph' && r.workload === workload && r.connections === connections);
    const ratios = results.filter((r) => r.gateway !== 'citizen-graph').flatMap((r) => {
      const base = ours(r.workload, r.connections);
      return base ? [{ peer: r.gateway, workload: r.title, connections: r.connections, throughput: r.requestsPerSecond / base.requestsPerSecond, p50: r.latencyMs.p50 / base.latencyMs.p50, p99: r.latencyMs.p99 / base.latencyMs.p99 }] : [];
    });
    const run: BenchResults = {
      startedAt: started.toISOString(), quick, node: process.version, commit: commitOf(), latencyMs: LATENCY, concurrencies: CONCURRENCIES, results, peers: peerStatus, ratios,
    };
    writeResults(run);
    process.stdout.write(`\n${markdownReport(run)}\nwritten to ${OUT}\n`);
  } finally {
    for (const peer of peers) await peer.process.stop();
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

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
