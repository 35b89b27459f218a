import { escapeXml } from '../report/svgCharts';
import type { BenchResults, WorkloadResult } from './types';

/** The Markdown table of a run: ours first, each peer after, then the peers as ratios to ours. */
export function markdownReport(run: BenchResults): string {
  const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const calls = (r: WorkloadResult) => `${fixed(r.legacyCallsPerRequest.total, 2)} (c${fixed(r.legacyCallsPerRequest.cpr ?? 0)} t${fixed(r.legacyCallsPerRequest.tax ?? 0)} h${fixed(r.legacyCallsPerRequest.housing ?? 0)} s${fixed(r.legacyCallsPerRequest.sql ?? 0)})`;
  const processes = (r: WorkloadResult) => r.processes.map((p) => `${p.name} ${fixed(p.cpuMsPerRequest, 2)} ms, ${fixed(p.peakRssMb, 0)} MB`).join('; ');
  const lines = [
    `Citizen Graph benchmark, ${run.startedAt} (commit ${run.commit}, Node ${run.node}${run.quick ? ', --quick' : ''})`,
    '',
    `Stand-in latency: CPR ${run.latencyMs.cpr} ms, tax SOAP ${run.latencyMs.tax} ms, housing REST ${run.latencyMs.housing} ms, benefits SQL ${run.latencyMs.sql} ms a call. Concurrency ${run.concurrencies.join(' and ')}.`,
    '',
    '| workload | gateway | conc. | req/s | p50 ms | p95 ms | p99 ms | fail | legacy calls/req | subgraph fetches/req | cache hits | CPU per req, peak RSS |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
    ...run.results.map((r) => `| ${r.title} | ${r.gateway} | ${r.connections} | ${fixed(r.requestsPerSecond)} | ${fixed(r.latencyMs.p50)} | ${fixed(r.latencyMs.p95)} | ${fixed(r.latencyMs.p99)} | ${r.failures} | ${calls(r)} | ${fixed(r.subgraphFetchesPerRequest.total, 2)} | ${r.cacheHitRatio === null ? '-' : `${fixed(r.cacheHitRatio * 100, 0)}%`} | ${processes(r)} |`),
    '',
    '(legacy calls: c = CPR register, t = tax SOAP, h = housing REST, s = benefits SQL statements)',
    '',
    '### Peers, as ratios to Citizen Graph in the same run',
    '',
    ...(run.ratios.length
      ? ['| peer | workload | conc. | throughput (peer/ours) | p50 (peer/ours) | p99 (peer/ours) |', '| --- | --- | --: | --: | --: | --: |',
        ...run.ratios.map((r) => `| ${r.peer} | ${r.workload} | ${r.connections} | ${fixed(r.throughput, 2)} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} |`)]
      : ['No peer measured in this run.']),
    '',
    ...run.peers.map((p) => `- ${p.name}: ${p.measured ? `measured on ${p.workloads.join(', ')}` : 'not measured'}. ${p.note}`),
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
  const legend = gateways.map((g, i) => `<rect x="${labelWidth + i * 170}" y="22" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${labelWidth + 16 + i * 170}" y="32">${escapeXml(g)}</text>`);
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
