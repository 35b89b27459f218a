import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from './types';

/** The CI smoke run of `npm run bench -- --quick`: it runs end to end and writes what docs/performance.md reads. No timing asserted. */
describe('bench --quick', () => {
  // Hive Gateway is left out here: it needs the network the first time (npm registry) and Node 22.
  it('bench-quick-writes-results: every workload measured for ours, the peer workloads for the stock Apollo Gateway with every answer checked, JSON, Markdown and SVG written', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'cg-bench-quick-'));
    await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'bench.ts'), '--quick', '--peers', 'apollo', '--out', out], {
      timeout: 240_000,
    });
    const run = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8')) as BenchResults;
    expect(run).toMatchObject({ quick: true, concurrencies: [4], latencyMs: { cpr: 0, tax: 0, housing: 0, sql: 0 } });
    const ours = run.results.filter((r) => r.gateway === 'citizen-graph').map((r) => r.workload);
    expect(ours).toEqual([
      'overview-cold',
      'overview-warm',
      'caseworker-list',
      'caseworker-list-cold-10',
      'caseworker-list-cold-100',
      'catalogue',
      'filing',
      'overview-persisted',
      'caseworker-citizen',
      'overview-identical',
      // The cold overview again, one request at a time: the floor goal is judged on it.
      'overview-cold',
    ]);
    expect(run.results.filter((r) => r.gateway === 'citizen-graph').map((r) => r.connections)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]);
    // Ours and the stock Apollo Gateway ran compiled, as deployed.
    expect(run.runtime).toContain('compiled JavaScript');
    for (const result of run.results) {
      expect(result).toEqual(
        expect.objectContaining({
          requests: expect.any(Number),
          failures: 0,
          requestsPerSecond: expect.any(Number),
          latencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
          legacyCallsPerRequest: expect.objectContaining({
            total: expect.any(Number),
            cpr: expect.any(Number),
            tax: expect.any(Number),
            housing: expect.any(Number),
            sql: expect.any(Number),
          }),
          subgraphFetchesPerRequest: expect.objectContaining({ total: expect.any(Number) }),
        }),
      );
      expect(result.processes.length).toBeGreaterThan(0);
    }
    expect(run.results.find((r) => r.workload === 'overview-warm')?.cacheHitRatio).toBe(1);
    expect(run.ratios.map((r) => r.peer)).toEqual(['Apollo Gateway (stock)', 'Apollo Gateway (stock)', 'Apollo Gateway (stock)']);
    expect(run.results.filter((r) => r.gateway !== 'citizen-graph').map((r) => r.workload)).toEqual(['catalogue', 'caseworker-citizen', 'overview-identical']);
    // The gateway runs as gateway/main.ts does in production: a cluster, measured as a process tree.
    expect(run.results[0].processes[0]).toEqual(expect.objectContaining({ peakWorkerRssMb: expect.any(Number), workers: expect.any(Number) }));
    expect(run.floors?.length).toBeGreaterThan(0);
    expect(run.floors?.filter((f) => f.workload === 'citizen overview, cold cache').map((f) => f.connections)).toEqual([4, 1]);
    // The cold lists are cold: every citizen a cache miss.
    for (const size of [10, 100]) expect(run.results.find((r) => r.workload === `caseworker-list-cold-${size}`)?.cacheHitRatio).toBe(0);
    const goals = readFileSync(path.join(out, 'latest.md'), 'utf8').split('### Goals of issue #11')[1];
    expect(goals).toMatch(
      /\| \(b\) legacy calls per request equal for 10 and 100 citizens \(cold lists\) \| (yes|\*\*no\*\*) \| at 4 connections, 10 citizens: c[\d.]+ t[\d.]+ h[\d.]+ s[\d.]+; 100 citizens: c/,
    );
    expect(goals).toMatch(
      /\| cold \(a\) p50 no more than 5 ms above the legacy floor, one request at a time \| (yes|\*\*no\*\*) \| .* at 1 connection .*under load, for reference: .* at 4 connections /,
    );
    expect(readFileSync(path.join(out, 'latest.md'), 'utf8')).toContain('| citizen overview, cold cache | citizen-graph | 4 |');
    expect(readFileSync(path.join(out, 'latest.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  }, 250_000);
});
