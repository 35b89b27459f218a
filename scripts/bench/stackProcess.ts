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
import { danishDate } from '../../platform/clock';
import type { CallerContext } from '../../domain/caller/types';
import { startBenchStack } from './benchStack';
import { answerDriver } from './ipc';
import { processStats } from './processStats';
import type { BenchPlan, PeerPlan, PeerPlanRequest, PlanRequest, StackCounters, StackReady } from './types';

/**
 * What every gateway of the bench calls: the legacy stand-ins and the subgraphs in one process
 * (scripts/bench/benchStack.ts), with the bench's static caller contexts accepted for the peers.
 * The gateways run in processes of their own (scripts/bench.ts starts them). Driven over IPC by
 * scripts/bench.ts: plan (tokens), peerPlan (static contexts), counters (read and reset), stop.
 * Latencies come from BENCH_LATENCY as JSON {cpr, tax, housing, sql} in milliseconds.
 */
const latency = JSON.parse(process.env.BENCH_LATENCY ?? '{"cpr":20,"tax":60,"housing":30,"sql":5}') as Record<'cpr' | 'tax' | 'housing' | 'sql', number>;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Twice the default: the peer workload needs 1,000 adults in one caseworker's municipality. */
const POPULATION_SIZE = 20_000;

/** Adds the benefits database's latency to every statement, as the stand-ins add theirs to every call. */
function withLatency(sql: SqlClient, ms: number): SqlClient {
  if (ms <= 0) return sql;
  return {
    ...sql,
    query: (async (...args: Parameters<SqlClient['query']>) => {
      await sleep(ms);
      return sql.query(...args);
    }) as SqlClient['query'],
  };
}

async function main(): Promise<void> {
  const stats = processStats();
  const population = generatePopulation(POPULATION_SIZE);
  let sqlCalls = 0;
  const benefitsSql = await openThrowawaySchema({
    system: 'benefits',
    databaseUrl: DATABASE_URL,
    prefix: 'bench',
    onQuery: () => {
      sqlCalls++;
    },
  });
  const storeSql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: DATABASE_URL, prefix: 'bench_store' });
  const fixed = (ms: number) => ({ latencyMs: ms, jitterMs: 0 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cg-bench-'));
  const stack = await startBenchStack({
    logger: silentLogger,
    population,
    dataDir,
    benefitsSql: withLatency(benefitsSql, latency.sql),
    storeSql,
    // A key id of its own per run: entries of earlier runs are unreadable, so the first pass is cold.
    cache: { redisUrl: REDIS_URL, encryptionKeys: `b${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}` },
    legacyFaults: { cpr: fixed(latency.cpr), tax: fixed(latency.tax), housing: fixed(latency.housing) },
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

  const cacheTotals = () =>
    Object.values(stack.cache.metrics.snapshot()).reduce((sum, c) => ({ hits: sum.hits + c.hits, misses: sum.misses + c.misses }), { hits: 0, misses: 0 });
  let cacheBase = cacheTotals();
  /** The peer workloads' caseworker's municipality (the one with most adults) and its adults. */
  const peerMunicipality = (): [string, typeof adults] => {
    const byMunicipality = new Map<string, typeof adults>();
    for (const p of adults) byMunicipality.set(p.address.municipalityCode, [...(byMunicipality.get(p.address.municipalityCode) ?? []), p]);
    return [...byMunicipality].sort((a, b) => b[1].length - a[1].length)[0];
  };
  const reset = () => {
    for (const standIn of Object.values(stack.standIns)) standIn.resetCalls();
    sqlCalls = 0;
    fetches.clear();
    cacheBase = cacheTotals();
    stats.reset();
  };

  answerDriver(
    {
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
        const lists = [...residents]
          .flatMap(([code, cprs]) => Array.from({ length: Math.floor(cprs.length / 100) }, (_, i) => ({ code, cprs: cprs.slice(i * 100, i * 100 + 100) })))
          .slice(0, request.lists);
        const tokens = new Map<string, string>();
        const caseworkerLists = [];
        for (const list of lists) {
          let token = tokens.get(list.code);
          if (!token) {
            token = await stack.devIssuer.mint(
              { ...caseworker, authority: `municipality:${list.code}`, scopes: [...(caseworker.scopes ?? []), 'tax:read'] },
              3600,
            );
            tokens.set(list.code, token);
          }
          caseworkerLists.push({ token, cprs: list.cprs });
        }
        // Cold lists and the concurrency-1 overview: adults in no set above and outside the peer workloads' municipality
        // (its caseload is warmed and read by the peer workloads), so the cache is cold for every one of them.
        const listed = new Set(caseworkerLists.flatMap((l) => l.cprs));
        const peerCode = peerMunicipality()[0];
        const fresh = adults.slice(needed).filter((p) => !listed.has(p.cpr) && p.address.municipalityCode !== peerCode);
        const pools = new Map<string, string[]>();
        for (const p of fresh) pools.set(p.address.municipalityCode, [...(pools.get(p.address.municipalityCode) ?? []), p.cpr]);
        const caseworkerOf = async (code: string) => {
          let token = tokens.get(code);
          if (!token) {
            token = await stack.devIssuer.mint({ ...caseworker, authority: `municipality:${code}`, scopes: [...(caseworker.scopes ?? []), 'tax:read'] }, 3600);
            tokens.set(code, token);
          }
          return token;
        };
        const coldLists = [];
        for (let s = 0; s < (request.coldLists?.sets ?? 0); s++) {
          const bySize = [];
          for (const size of request.coldLists!.sizes) {
            const lists = [];
            for (let n = 0; n < request.coldLists!.count; n++) {
              // The municipality with most citizens left: one caseworker's own residents per list.
              const [code, pool] = [...pools].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
              if (!code || pool.length < size) throw new Error(`not enough fresh adults for cold lists of ${size}; ask for fewer`);
              lists.push({ token: await caseworkerOf(code), cprs: pool.splice(0, size) });
            }
            bySize.push({ size, lists });
          }
          coldLists.push(bySize);
        }
        const left = [...pools.values()].flat();
        if (left.length < (request.serialCitizens ?? 0)) throw new Error(`only ${left.length} fresh adults left for the concurrency-1 overview`);
        const serialSet = await Promise.all(left.slice(0, request.serialCitizens ?? 0).map(async (cpr) => ({ cpr, token: await citizenToken(cpr) })));
        return { overviewSets, caseworkerLists, coldLists, serialSet };
      },
      /**
       * The peer workloads: one caseworker and `citizens` adults of the caseworker's municipality (the
       * one with most adults), and one citizen for the identical-request overview; for each, our
       * bearer token and the static contexts the peers send (one per subgraph, bench key).
       */
      async peerPlan(request: PeerPlanRequest): Promise<PeerPlan> {
        const [code, residents] = peerMunicipality();
        if (residents.length < request.citizens) throw new Error(`only ${residents.length} adults in municipality ${code}; ask for fewer citizens`);
        const citizens = residents.slice(0, request.citizens);
        const now = new Date();
        const stamp = { requestId: 'bench-static', at: now.toISOString(), today: danishDate(now) };
        const authority = `municipality:${code}`;
        const scopes = [...(caseworker.scopes ?? [])];
        const cwContext: CallerContext = {
          actor: { kind: 'caseworker', id: caseworker.id, authority, scopes, name: caseworker.name },
          channel: 'ASSISTED',
          ...stamp,
        };
        // The caseload at subgraphs without the register: what our gateway looks up per call, here once for all 1,000.
        const caseload = Object.fromEntries(citizens.map((p) => [p.cpr, code]));
        const signAll = async (context: (audience: string) => CallerContext) =>
          Object.fromEntries(
            await Promise.all(Object.keys(stack.subgraphs).map(async (audience) => [audience, await stack.signStatic(context(audience), audience)] as const)),
          );
        const one = identicalCitizen(adults, citizens);
        const citizenContext: CallerContext = {
          actor: { kind: 'citizen', id: `bench-${one.cpr}`, cpr: one.cpr, scopes: [], name: 'bench' },
          channel: 'DIGITAL_SELF_SERVICE',
          ...stamp,
          subjectMunicipalityCode: one.address.municipalityCode,
        };
        return {
          caseworker: {
            token: await stack.devIssuer.mint({ ...caseworker, authority, scopes }, 3600),
            citizens: citizens.map((p) => ({ cpr: p.cpr, fullName: [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ') })),
            staticContexts: await signAll((audience) =>
              audience === 'citizen' || audience === 'selfservice' ? cwContext : { ...cwContext, citizenMunicipalities: caseload },
            ),
          },
          identical: {
            cpr: one.cpr,
            fullName: [one.firstName, one.middleName, one.lastName].filter(Boolean).join(' '),
            token: await citizenToken(one.cpr),
            staticContexts: await signAll(() => citizenContext),
          },
        };
      },
      reset,
      counters(): StackCounters {
        const calls = {
          cpr: stack.standIns.cpr.calls().length,
          tax: stack.standIns.tax.calls().length,
          housing: stack.standIns.housing.calls().length,
          sql: sqlCalls,
        };
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
    },
    {
      subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
      dataDir,
      contextPrivateJwk: JSON.stringify(stack.contextPrivateJwk),
    } satisfies StackReady,
  );
}

/** The identical-request citizen: an adult outside the caseworker's set (a citizen of the last overview set is fine; the cache is warm by then). */
function identicalCitizen<P extends { cpr: string }>(adults: readonly P[], taken: readonly P[]): P {
  const used = new Set(taken.map((p) => p.cpr));
  return adults.find((p) => !used.has(p.cpr))!;
}

main().catch((error) => {
  process.stderr.write(`bench stack failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
