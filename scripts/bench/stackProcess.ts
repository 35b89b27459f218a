import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ageOn } from '../../domain/cpr';
import { openThrowawaySchema, silentLogger, type SqlClient } from '../../platform';
import { generatePopulation, PERSONAS } from '../../legacy/population';
import { startStack } from '../stack/startStack';
import { answerDriver } from './ipc';
import { processStats } from './processStats';
import type { BenchPlan, PlanRequest, StackCounters, StackReady } from './types';

/**
 * The benchmarked Citizen Graph: the stand-ins, the subgraphs and the gateway in one process, as
 * `npm start` runs them, with production gateway settings (introspection off, suggestions hidden).
 * Driven over IPC by scripts/bench.ts: plan (tokens), counters (read and reset), stop.
 * Latencies come from BENCH_LATENCY as JSON {cpr, tax, housing, sql} in milliseconds.
 */
const latency = JSON.parse(process.env.BENCH_LATENCY ?? '{"cpr":20,"tax":60,"housing":30,"sql":5}') as Record<'cpr' | 'tax' | 'housing' | 'sql', number>;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Adds the benefits database's latency to every statement, as the stand-ins add theirs to every call. */
function withLatency(sql: SqlClient, ms: number): SqlClient {
  if (ms <= 0) return sql;
  return { ...sql, query: (async (...args: Parameters<SqlClient['query']>) => { await sleep(ms); return sql.query(...args); }) as SqlClient['query'] };
}

async function main(): Promise<void> {
  const stats = processStats();
  const population = generatePopulation();
  let sqlCalls = 0;
  const benefitsSql = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'bench', onQuery: () => { sqlCalls++; } });
  const storeSql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: DATABASE_URL, prefix: 'bench_store' });
  const fixed = (ms: number) => ({ latencyMs: ms, jitterMs: 0 });
  const stack = await startStack({
    logger: silentLogger,
    population,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'cg-bench-')),
    benefitsSql: withLatency(benefitsSql, latency.sql),
    storeSql,
    ports: { gateway: 0, citizen: 0, tax: 0, housing: 0, benefits: 0, selfservice: 0, legacyCpr: 0, legacyTax: 0, legacyHousing: 0 },
    // A key id of its own per run: entries of earlier runs are unreadable, so the first pass is cold.
    cache: { redisUrl: REDIS_URL, encryptionKeys: `b${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}` },
    legacyFaults: { cpr: fixed(latency.cpr), tax: fixed(latency.tax), housing: fixed(latency.housing) },
    gateway: { introspection: false, hideFieldSuggestions: true, rateLimitRequests: 0 },
  });

  // Subgraph fetches, counted where they arrive: every HTTP request a subgraph server receives.
  const subgraphByPort = new Map(Object.entries(stack.subgraphs).map(([name, s]) => [Number(new URL(s.url).port), name]));
  const fetches = new Map<string, number>();
  diagnostics.subscribe('http.server.request.start', (message) => {
    const address = (message as { server: Server }).server.address();
    const name = address && typeof address === 'object' ? subgraphByPort.get(address.port) : undefined;
    if (name) fetches.set(name, (fetches.get(name) ?? 0) + 1);
  });

  const adults = population.people.filter((p) => ageOn(p.birthDate, '2026-11-26') >= 18);
  const caseworker = PERSONAS.find((p) => p.id === 'caseworker-aarhus')!;
  const citizenToken = (cpr: string) => stack.devIssuer.mint({ id: `bench-${cpr}`, kind: 'citizen', name: 'bench', cpr, description: '' }, 3600);

  const cacheTotals = () => Object.values(stack.cache?.metrics.snapshot() ?? {}).reduce((sum, c) => ({ hits: sum.hits + c.hits, misses: sum.misses + c.misses }), { hits: 0, misses: 0 });
  let cacheBase = cacheTotals();
  const reset = () => {
    for (const standIn of Object.values(stack.standIns)) standIn.resetCalls();
    sqlCalls = 0;
    fetches.clear();
    cacheBase = cacheTotals();
    stats.reset();
  };

  answerDriver({
    /** Disjoint sets of adults for each cold pass, and caseworker lists of 100 of one municipality's residents. */
    async plan(request: PlanRequest): Promise<BenchPlan> {
      const needed = request.overviewSets * request.citizensPerSet;
      if (adults.length < needed + 1000) throw new Error(`only ${adults.length} adults; ask for fewer citizens`);
      const overviewSets = [];
      for (let s = 0; s < request.overviewSets; s++) {
        const people = adults.slice(s * request.citizensPerSet, (s + 1) * request.citizensPerSet);
        overviewSets.push(await Promise.all(people.map(async (p) => ({ cpr: p.cpr, token: await citizenToken(p.cpr) }))));
      }
      const residents = new Map<string, string[]>();
      for (const p of adults.slice(needed)) residents.set(p.address.municipalityCode, [...(residents.get(p.address.municipalityCode) ?? []), p.cpr]);
      const lists = [...residents].flatMap(([code, cprs]) => Array.from({ length: Math.floor(cprs.length / 100) }, (_, i) => ({ code, cprs: cprs.slice(i * 100, i * 100 + 100) })))
        .slice(0, request.lists);
      const tokens = new Map<string, string>();
      const caseworkerLists = [];
      for (const list of lists) {
        let token = tokens.get(list.code);
        if (!token) {
          token = await stack.devIssuer.mint({ ...caseworker, authority: `municipality:${list.code}`, scopes: [...(caseworker.scopes ?? []), 'tax:read'] }, 3600);
          tokens.set(list.code, token);
        }
        caseworkerLists.push({ token, cprs: list.cprs });
      }
      return { overviewSets, caseworkerLists };
    },
    reset,
    counters(): StackCounters {
      const calls = { cpr: stack.standIns.cpr.calls().length, tax: stack.standIns.tax.calls().length, housing: stack.standIns.housing.calls().length, sql: sqlCalls };
      const cache = cacheTotals();
      const hits = cache.hits - cacheBase.hits;
      const misses = cache.misses - cacheBase.misses;
      return { legacyCalls: calls, subgraphFetches: Object.fromEntries(fetches), cache: { hits, misses }, process: stats.read() };
    },
    async stop() {
      setImmediate(async () => {
        await stack.stop();
        process.exit(0);
      });
    },
  }, { gatewayUrl: stack.gatewayUrl, subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])) } satisfies StackReady);
}

main().catch((error) => {
  process.stderr.write(`bench stack failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
