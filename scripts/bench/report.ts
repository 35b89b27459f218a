import { escapeXml } from '../report/svgCharts';
import type { BenchResults, WorkloadResult } from './types';

/** The Markdown table of a run: ours first, each peer after, then the peers as ratios to ours. */
export function markdownReport(run: BenchResults): string {
  const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const calls = (r: WorkloadResult) =>
    `${fixed(r.legacyCallsPerRequest.total, 2)} (c${fixed(r.legacyCallsPerRequest.cpr ?? 0)} t${fixed(r.legacyCallsPerRequest.tax ?? 0)} h${fixed(r.legacyCallsPerRequest.housing ?? 0)} s${fixed(r.legacyCallsPerRequest.sql ?? 0)})`;
  const processes = (r: WorkloadResult) =>
    r.processes
      .map(
        (p) =>
          `${p.name} ${fixed(p.cpuMsPerRequest, 2)} ms, ${fixed(p.peakRssMb, 0)} MB${p.peakWorkerRssMb !== undefined ? ` (${p.workers} processes, largest ${fixed(p.peakWorkerRssMb, 0)} MB)` : ''}`,
      )
      .join('; ');
  const lines = [
    `Citizen Graph benchmark, ${run.startedAt} (commit ${run.commit}, Node ${run.node}${run.quick ? ', --quick' : ''})`,
    '',
    `Stand-in latency: CPR ${run.latencyMs.cpr} ms, tax SOAP ${run.latencyMs.tax} ms, housing REST ${run.latencyMs.housing} ms, benefits SQL ${run.latencyMs.sql} ms a call. Concurrency ${run.concurrencies.join(' and ')}.` +
      `${run.gatewayWorkers ? ` Gateway workers (ours, Hive Gateway): ${run.gatewayWorkers}.` : ''}${run.loadAverage ? ` Load average (1 min) ${run.loadAverage.start.toFixed(2)} at the start, ${run.loadAverage.end.toFixed(2)} at the end.` : ''}`,
    '',
    '| workload | gateway | conc. | req/s | p50 ms | p95 ms | p99 ms | fail | legacy calls/req | subgraph fetches/req | cache hits | CPU per req, peak RSS |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
    ...run.results.map(
      (r) =>
        `| ${r.title} | ${r.gateway} | ${r.connections} | ${fixed(r.requestsPerSecond)} | ${fixed(r.latencyMs.p50)} | ${fixed(r.latencyMs.p95)} | ${fixed(r.latencyMs.p99)} | ${r.failures} | ${calls(r)} | ${fixed(r.subgraphFetchesPerRequest.total, 2)} | ${r.cacheHitRatio === null ? '-' : `${fixed(r.cacheHitRatio * 100, 0)}%`} | ${processes(r)} |`,
    ),
    '',
    '(legacy calls: c = CPR register, t = tax SOAP, h = housing REST, s = benefits SQL statements)',
    '',
    ...(run.runtime ? [`Runtime: ${run.runtime}`, ''] : []),
    ...run.results
      .filter((r) => r.failures > 0)
      .map(
        (r) =>
          `- Failures, ${r.title}, ${r.gateway}, ${r.connections} connections: ${r.failures}${r.firstFailure ? `; the first: \`${r.firstFailure.replace(/[`|\n]/g, ' ')}\`` : ''}`,
      ),
    ...(run.results.some((r) => r.failures > 0) ? [''] : []),
    '### Peers, as ratios to Citizen Graph in the same run',
    '',
    ...(run.ratios.length
      ? [
          '| peer | workload | conc. | throughput (peer/ours) | p50 (peer/ours) | p99 (peer/ours) |',
          '| --- | --- | --: | --: | --: | --: |',
          ...run.ratios.map((r) => `| ${r.peer} | ${r.workload} | ${r.connections} | ${fixed(r.throughput, 2)} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} |`),
        ]
      : ['No peer measured in this run.']),
    '',
    ...run.peers.map((p) => `- ${p.name}: ${p.measured ? `measured on ${p.workloads.join(', ')}` : 'not measured'}. ${p.note}`),
    '',
    '### The legacy floor and our p50 above it',
    '',
    ...(run.floors?.length
      ? [
          '| workload | conc. | floor ms | critical path | our p50 ms | above the floor ms |',
          '| --- | --: | --: | --- | --: | --: |',
          ...run.floors.map((f) => `| ${f.workload} | ${f.connections} | ${fixed(f.floorMs)} | ${f.path} | ${fixed(f.oursP50Ms)} | ${fixed(f.aboveFloorMs)} |`),
        ]
      : ['No floor computed.']),
    '',
    '### Goals of issue #11',
    '',
    '| goal | met | figures |',
    '| --- | --- | --- |',
    ...goalsOf(run).map((g) => `| ${g.goal} | ${g.met === null ? 'not measured' : g.met ? 'yes' : '**no**'} | ${g.figures} |`),
    '',
  ];
  return lines.join('\n');
}

const COLOURS = ['#1f6feb', '#d97706', '#059669', '#9333ea'];

/** A horizontal bar chart of requests/s, one group per workload and concurrency, one bar per gateway. */
export function svgChart(run: BenchResults): string {
  const gateways = [...new Set(run.results.map((r) => r.gateway))];
  const groups = [...new Set(run.results.map((r) => `${r.title} · ${r.connections} conc.`))];
  const max = Math.max(1, ...run.results.map((r) => r.requestsPerSecond).filter(Number.isFinite));
  const barHeight = 14;
  const labelWidth = 330;
  const plotWidth = 460;
  const top = 50;
  const rows: string[] = [];
  let y = top;
  for (const group of groups) {
    rows.push(`<text x="${labelWidth - 8}" y="${y + barHeight - 3}" text-anchor="end">${escapeXml(group)}</text>`);
    for (const [index, gateway] of gateways.entries()) {
      const result = run.results.find((r) => r.gateway === gateway && `${r.title} · ${r.connections} conc.` === group);
      if (!result) continue;
      const width = Math.max(1, (result.requestsPerSecond / max) * plotWidth);
      rows.push(`<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight - 2}" fill="${COLOURS[index % COLOURS.length]}"/>`);
      rows.push(`<text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + barHeight - 3}">${result.requestsPerSecond.toFixed(1)}</text>`);
      y += barHeight;
    }
    y += 8;
  }
  const legend = gateways.map(
    (g, i) =>
      `<rect x="${labelWidth + i * 170}" y="22" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${labelWidth + 16 + i * 170}" y="32">${escapeXml(g)}</text>`,
  );
  const height = y + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 70}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="8" y="16" font-size="13" font-weight="bold">Requests per second (higher is better), ${escapeXml(run.startedAt)}</text>`,
    ...legend,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}

export interface Goal {
  readonly goal: string;
  /** null: the run has no figure for it. */
  readonly met: boolean | null;
  readonly figures: string;
}

const SYSTEMS = [
  ['c', 'cpr'],
  ['t', 'tax'],
  ['h', 'housing'],
  ['s', 'sql'],
] as const;

/**
 * Goal (b): the cold caseworker lists of 10 and of 100 citizens make the same legacy calls per
 * request, system by system (equal to 0.05 of a call), at every concurrency both were measured.
 */
function listGoal(run: BenchResults): Goal {
  const goal = '(b) legacy calls per request equal for 10 and 100 citizens (cold lists)';
  const ours = run.results.filter((r) => r.gateway === 'citizen-graph');
  const pairs = [...new Set(ours.map((r) => r.connections))].flatMap((connections) => {
    const of = (size: number) => ours.find((r) => r.workload === `caseworker-list-cold-${size}` && r.connections === connections);
    const [ten, hundred] = [of(10), of(100)];
    return ten && hundred ? [{ connections, ten, hundred }] : [];
  });
  if (!pairs.length) return { goal, met: null, figures: 'no cold lists of 10 and 100 in this run' };
  const calls = (r: WorkloadResult) => SYSTEMS.map(([letter, system]) => `${letter}${(r.legacyCallsPerRequest[system] ?? 0).toFixed(1)}`).join(' ');
  const equal = ({ ten, hundred }: (typeof pairs)[number]) =>
    SYSTEMS.every(([, system]) => Math.abs((ten.legacyCallsPerRequest[system] ?? 0) - (hundred.legacyCallsPerRequest[system] ?? 0)) <= 0.05);
  const failed = pairs.some(({ ten, hundred }) => ten.failures + hundred.failures > 0);
  return {
    goal,
    met: pairs.every(equal) && !failed,
    figures: pairs
      .map(
        (p) =>
          `at ${p.connections} connections, 10 citizens: ${calls(p.ten)}; 100 citizens: ${calls(p.hundred)}${p.ten.failures + p.hundred.failures ? ` (${p.ten.failures + p.hundred.failures} failed)` : ''}`,
      )
      .join('; '),
  };
}

/** The goals of issue #11, judged on this run's figures at the highest concurrency (the floor at concurrency 1, goal (b) at each). */
export function goalsOf(run: BenchResults): Goal[] {
  const top = Math.max(...run.concurrencies);
  const find = (gateway: string, workload: string) => run.results.find((r) => r.gateway === gateway && r.workload === workload && r.connections === top);
  const ratioGoal = (workload: string, label: string, peer: string, atLeast: number): Goal => {
    const ours = find('citizen-graph', workload);
    const theirs = find(peer, workload);
    const goal = `${label}: at least ${atLeast}x ${peer} req/s at ${top} connections`;
    if (!ours || !theirs) return { goal, met: null, figures: `${peer} not measured` };
    const ratio = ours.requestsPerSecond / theirs.requestsPerSecond;
    // The stand-ins and subgraphs, which every gateway shares, run in one process: one thread. Near 100% of a core it caps them all.
    const busy = (r: WorkloadResult) => {
      const stack = r.processes.find((p) => p.name === 'stand-ins and subgraphs');
      return stack ? `${((stack.cpuMsPerRequest * r.requestsPerSecond) / 10).toFixed(0)}%` : '?';
    };
    return {
      goal,
      met: ratio >= atLeast && ours.failures === 0,
      figures: `ours ${ours.requestsPerSecond.toFixed(1)}, ${peer} ${theirs.requestsPerSecond.toFixed(1)} req/s: ${ratio.toFixed(2)}x${ours.failures ? ` (ours ${ours.failures} failed)` : ''}${theirs.failures ? ` (${peer} ${theirs.failures} failed)` : ''}; the shared stand-ins-and-subgraphs process busy ${busy(ours)} of one core with ours, ${busy(theirs)} with ${peer}`,
    };
  };
  const goals: Goal[] = [];
  for (const [workload, label] of [
    ['caseworker-citizen', 'warm (a), a different citizen per request'],
    ['overview-identical', 'warm (a), identical requests'],
  ] as const) {
    goals.push(ratioGoal(workload, label, 'Hive Gateway', 1.5), ratioGoal(workload, label, 'Apollo Gateway (stock)', 2));
  }
  goals.push(ratioGoal('catalogue', '(c) public catalogue', 'Hive Gateway', 1));
  // Judged at concurrency 1 (one request at a time): at the run's concurrencies on shared cores the p50 is mostly queueing.
  const coldFloors = run.floors?.filter((f) => f.workload.startsWith('citizen overview, cold')) ?? [];
  const cold = coldFloors.filter((f) => f.connections === 1).at(-1);
  const underLoad = coldFloors
    .filter((f) => f !== cold)
    .map((f) => `${f.oursP50Ms.toFixed(1)} ms at ${f.connections} connections (+${f.aboveFloorMs.toFixed(1)} ms)`)
    .join(', ');
  const floorGoal = 'cold (a) p50 no more than 5 ms above the legacy floor, one request at a time';
  goals.push(
    cold
      ? {
          goal: floorGoal,
          met: cold.aboveFloorMs <= 5,
          figures: `floor ${cold.floorMs} ms (${cold.path}); our p50 ${cold.oursP50Ms.toFixed(1)} ms at 1 connection (+${cold.aboveFloorMs.toFixed(1)} ms)${underLoad ? `; under load, for reference: ${underLoad}` : ''}`,
        }
      : { goal: floorGoal, met: null, figures: `no point at 1 connection${underLoad ? `; under load: ${underLoad}` : ''}` },
  );
  goals.push(listGoal(run));
  // Like for like: ours over the points the stock gateway also ran. Resident memory is not given back, so our worker's figure
  // still carries what the workloads only ours runs (lists of 100 citizens) took before; a run of the peer workloads alone
  // (--workloads catalogue,caseworker-citizen,overview-identical) gives both gateways the same history.
  const apolloRuns = new Set(run.results.filter((r) => r.gateway === 'Apollo Gateway (stock)').map((r) => `${r.workload}@${r.connections}`));
  const peak = (results: readonly WorkloadResult[], pick: (p: WorkloadResult['processes'][number]) => number | undefined) =>
    Math.max(...results.map((r) => pick(r.processes[0]) ?? Number.NaN).filter(Number.isFinite));
  const oursResults = run.results.filter((r) => r.gateway === 'citizen-graph');
  const oursShared = peak(
    oursResults.filter((r) => apolloRuns.has(`${r.workload}@${r.connections}`)),
    (p) => p.peakWorkerRssMb,
  );
  const oursOverall = peak(oursResults, (p) => p.peakWorkerRssMb);
  const apollo = peak(
    run.results.filter((r) => r.gateway === 'Apollo Gateway (stock)'),
    (p) => p.peakRssMb,
  );
  const onlyOurs = oursResults.some((r) => !apolloRuns.has(`${r.workload}@${r.connections}`));
  goals.push(
    Number.isFinite(oursShared) && Number.isFinite(apollo)
      ? {
          goal: "peak memory per gateway worker no more than stock Apollo Gateway's",
          met: oursShared <= apollo,
          figures: `ours ${oursShared.toFixed(0)} MB (largest process of the cluster, over the points both ran), Apollo ${apollo.toFixed(0)} MB${
            onlyOurs
              ? `; ours over the whole run ${oursOverall.toFixed(0)} MB (its worker also served the workloads only ours runs, before some shared points)`
              : ''
          }`,
        }
      : { goal: "peak memory per gateway worker no more than stock Apollo Gateway's", met: null, figures: 'not measured' },
  );
  return goals;
}
