import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ageOn } from '../subgraphs/kit/cpr';
import { openThrowawaySchema, silentLogger } from '../subgraphs/kit';
import { generatePopulation, PERSONAS } from '../legacy/population';
import { startStack } from './stack/startStack';
import { formatRow, measure } from './bench/measure';

/**
 * npm run bench: the citizen-overview query (a citizen, signed in) and the caseworker list
 * query (100 citizens with housing benefit and payments), each with a cold and a warm cache,
 * against the stand-ins at realistic latency (20-60 ms a call). Redis at REDIS_URL (default
 * the local one), PostgreSQL at DATABASE_URL (default the local `test` database).
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OVERVIEW_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const LIST_REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 40);

const OVERVIEW = `query Overview { me { name { full } address { city } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } }
  housingBenefit { status monthlyAmount { kroner } } benefitClaims { type status } benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;
const LIST = `query CaseworkerList($cprs: [CPR!]!) { citizens(cprs: $cprs) { cpr name { full } housingBenefit { status monthlyAmount { kroner } }
  benefitPayments(first: 3) { edges { node { date amount { kroner } } } } } }`;

async function main(): Promise<void> {
  const population = generatePopulation();
  let sqlCalls = 0;
  const benefitsSql = await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'bench', onQuery: () => { sqlCalls++; } });
  const storeSql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: DATABASE_URL, prefix: 'bench_store' });
  const realistic = { latencyMs: 20, jitterMs: 40 };
  const stack = await startStack({
    logger: silentLogger,
    population,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'cg-bench-')),
    benefitsSql,
    storeSql,
    ports: { gateway: 0, citizen: 0, tax: 0, housing: 0, benefits: 0, selfservice: 0, legacyCpr: 0, legacyTax: 0, legacyHousing: 0 },
    cache: { redisUrl: REDIS_URL, encryptionKeys: `bench:${randomBytes(32).toString('base64')}` },
    legacyFaults: { cpr: realistic, tax: realistic, housing: realistic },
  });
  const adults = population.people.filter((p) => ageOn(p.birthDate, '2026-11-26') >= 18);
  const caseworker = PERSONAS.find((p) => p.id === 'caseworker-aarhus')!;
  // A caseworker lists their own municipality's residents (their caseload): one caseworker token per municipality.
  const caseworkerTokens = new Map<string, string>();
  const caseworkerTokenFor = async (municipalityCode: string) => {
    let token = caseworkerTokens.get(municipalityCode);
    if (!token) {
      token = await stack.devIssuer.mint({ ...caseworker, authority: `municipality:${municipalityCode}`, scopes: [...(caseworker.scopes ?? []), 'tax:read'] }, 3600);
      caseworkerTokens.set(municipalityCode, token);
    }
    return token;
  };
  const citizenTokens = new Map<string, string>();
  const tokenFor = async (cpr: string) => {
    let token = citizenTokens.get(cpr);
    if (!token) {
      token = await stack.devIssuer.mint({ id: `bench-${cpr}`, kind: 'citizen', name: 'bench', cpr, description: '' }, 3600);
      citizenTokens.set(cpr, token);
    }
    return token;
  };
  const post = async (token: string, query: string, variables?: unknown) => {
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { errors?: unknown[] };
    return response.status === 200 && !body.errors;
  };
  const legacyCalls = () => stack.standIns.cpr.calls().length + stack.standIns.tax.calls().length + stack.standIns.housing.calls().length + sqlCalls;
  const resetCalls = () => { stack.standIns.cpr.resetCalls(); stack.standIns.tax.resetCalls(); stack.standIns.housing.resetCalls(); sqlCalls = 0; };
  const perRequest = (n: number) => {
    const calls = { cpr: stack.standIns.cpr.calls().length, tax: stack.standIns.tax.calls().length, housing: stack.standIns.housing.calls().length, sql: sqlCalls };
    return `${(legacyCalls() / n).toFixed(2)} (c${(calls.cpr / n).toFixed(1)} t${(calls.tax / n).toFixed(1)} h${(calls.housing / n).toFixed(1)} s${(calls.sql / n).toFixed(1)})`;
  };
  const rows: string[] = [];
  const run = async (label: string, count: number, task: (i: number) => Promise<boolean>) => {
    resetCalls();
    const m = await measure(count, CONCURRENCY, task);
    rows.push(formatRow(label, m, perRequest(count)));
    return m;
  };

  // Tokens first, so minting is not measured.
  const overviewCold = adults.slice(0, OVERVIEW_REQUESTS);
  for (const p of overviewCold) await tokenFor(p.cpr);
  const residents = new Map<string, string[]>();
  for (const p of adults.slice(1000)) residents.set(p.address.municipalityCode, [...(residents.get(p.address.municipalityCode) ?? []), p.cpr]);
  const lists = [...residents].flatMap(([code, cprs]) => Array.from({ length: Math.floor(cprs.length / 100) }, (_, i) => ({ code, cprs: cprs.slice(i * 100, i * 100 + 100) }))).slice(0, LIST_REQUESTS);
  if (lists.length < LIST_REQUESTS) throw new Error(`only ${lists.length} distinct lists of 100 residents; set BENCH_LIST_REQUESTS lower`);
  for (const list of lists) await caseworkerTokenFor(list.code);

  const coldOverview = await run('citizen overview, cold cache', OVERVIEW_REQUESTS, async (i) => post(await tokenFor(overviewCold[i].cpr), OVERVIEW));
  const warmOverview = await run('citizen overview, warm cache', OVERVIEW_REQUESTS, async (i) => post(await tokenFor(overviewCold[i].cpr), OVERVIEW));
  const coldList = await run('caseworker list of 100, cold cache', LIST_REQUESTS, async (i) => post(await caseworkerTokenFor(lists[i].code), LIST, { cprs: lists[i].cprs }));
  const warmList = await run('caseworker list of 100, warm cache', LIST_REQUESTS, async (i) => post(await caseworkerTokenFor(lists[i].code), LIST, { cprs: lists[i].cprs }));

  const metrics = stack.cache?.metrics.snapshot();
  await stack.stop();
  process.stdout.write([
    '',
    `Citizen Graph benchmark: concurrency ${CONCURRENCY}, stand-in latency 20-60 ms a call, Redis cache (${REDIS_URL}), PostgreSQL benefits`,
    '',
    '| scenario                           |   req/s | p50 ms  | p99 ms  | legacy calls/request     | fail |',
    '| ---------------------------------- | ------: | ------: | ------: | -----------------------: | ---: |',
    ...rows,
    '',
    `warm/cold p50 ratio: overview ${(warmOverview.p50Ms / coldOverview.p50Ms).toFixed(2)}, list ${(warmList.p50Ms / coldList.p50Ms).toFixed(2)}`,
    `warm/cold throughput ratio: overview ${(warmOverview.perSecond / coldOverview.perSecond).toFixed(2)}, list ${(warmList.perSecond / coldList.perSecond).toFixed(2)}`,
    `cache counters: ${JSON.stringify(metrics)}`,
    '(legacy calls: c = CPR register, t = tax SOAP, h = housing REST, s = benefits SQL statements)',
    '',
  ].join('\n'));
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
