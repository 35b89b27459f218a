import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePopulation } from '../legacy/population';
import { openThrowawaySchema, silentLogger } from '../platform';
import { ageOn } from '../domain/cpr';
import { startStack } from './stack/startStack';
import { ThrowawayRedis } from './stack/throwawayRedis';

/**
 * npm run load: a bounded fault run on loopback. LOAD_SECONDS (default 60) of the citizen
 * overview at steady concurrency while the housing system fails 20% of calls and Redis (a
 * throwaway redis-server) is killed and restarted halfway; then LOAD_FILINGS concurrent filings,
 * each retried by its client until it succeeds, and a count of what the housing system stored.
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 8);
const FILINGS = Number(process.env.LOAD_FILINGS ?? 40);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OVERVIEW = `query Overview { me { name { full } preliminaryIncomeAssessment(year: 2026) { status } housingBenefit { status } benefitClaims { type } } }`;

type Outcome = 'complete' | 'partial-right-error' | 'partial-other-error' | 'http-5xx' | 'other-failure';

async function main(): Promise<void> {
  const population = generatePopulation();
  const redis = await ThrowawayRedis.start();
  const realistic = { latencyMs: 20, jitterMs: 40 };
  const stack = await startStack({
    logger: silentLogger,
    population,
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'cg-load-')),
    benefitsSql: await openThrowawaySchema({ system: 'benefits', databaseUrl: DATABASE_URL, prefix: 'load' }),
    storeSql: await openThrowawaySchema({ system: 'selfservice', databaseUrl: DATABASE_URL, prefix: 'load_store' }),
    ports: { gateway: 0, citizen: 0, tax: 0, housing: 0, benefits: 0, selfservice: 0, legacyCpr: 0, legacyTax: 0, legacyHousing: 0 },
    cache: { redisUrl: redis.url, encryptionKeys: `load:${randomBytes(32).toString('base64')}`, policies: { default: { ttlMs: 5000 } } },
    legacyFaults: { cpr: realistic, tax: realistic, housing: { ...realistic, errorRate: 0.2 } },
  });
  const adults = population.people.filter((p) => ageOn(p.birthDate, '2026-11-26') >= 18 && p.address.municipalityCode !== '0000');
  const mint = (cpr: string) => stack.devIssuer.mint({ id: `load-${cpr}`, kind: 'citizen', name: 'load', cpr, description: '' }, 3600);
  const readers = await Promise.all(adults.slice(0, 300).map((p) => mint(p.cpr)));
  const post = (token: string, query: string, variables?: unknown) =>
    fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });

  // Phase 1: steady reads under faults, Redis killed and restarted halfway.
  const outcomes: Record<Outcome, number> = { complete: 0, 'partial-right-error': 0, 'partial-other-error': 0, 'http-5xx': 0, 'other-failure': 0 };
  const latencies: number[] = [];
  const otherErrors = new Map<string, number>();
  const deadline = Date.now() + SECONDS * 1000;
  let n = 0;
  const redisBounce = (async () => {
    await sleep((SECONDS * 1000) / 2);
    await redis.stop();
    await sleep(2000);
    await redis.restart();
  })();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const token = readers[n++ % readers.length];
        const started = performance.now();
        try {
          const response = await post(token, OVERVIEW);
          const body = (await response.json()) as { data?: { me?: unknown }; errors?: { extensions?: { code?: string; legacySystem?: string } }[] };
          latencies.push(performance.now() - started);
          if (response.status >= 500) outcomes['http-5xx']++;
          else if (!body.errors && body.data?.me) outcomes.complete++;
          else if (body.data?.me && body.errors!.every((e) => e.extensions?.legacySystem === 'housing' && String(e.extensions.code).startsWith('LEGACY_')))
            outcomes['partial-right-error']++;
          else {
            outcomes['partial-other-error']++;
            const key = body.errors?.map((e) => `${e.extensions?.code}/${e.extensions?.legacySystem ?? ''}`).join(',') ?? 'no data';
            otherErrors.set(key, (otherErrors.get(key) ?? 0) + 1);
          }
        } catch {
          outcomes['other-failure']++;
        }
      }
    }),
  );
  await redisBounce;

  // Phase 2: filings with client retries; the housing system still fails 20% of calls.
  const filers = adults.slice(500, 500 + FILINGS);
  const housing = stack.standIns.housing;
  const countApplications = async (cpr: string) => {
    const response = await fetch(`${housing.url}/ydelse/boligstoette/ansoegning?cprnr=${cpr}&side=1&sidestr=1`);
    return ((await response.json()) as { ANTAL_I_ALT: number }).ANTAL_I_ALT;
  };
  housing.setFaults({ errorRate: 0 });
  const before = await Promise.all(filers.map((p) => countApplications(p.cpr)));
  housing.setFaults({ errorRate: 0.2 });
  let attempts = 0;
  let duplicatesSent = 0;
  const results = await Promise.all(
    filers.map(async (person) => {
      const token = await mint(person.cpr);
      const key = `load-filing-${person.cpr}`;
      const input = {
        cpr: person.cpr,
        dwellingType: 'RENTED_APARTMENT',
        monthlyRentKroner: '5000.00',
        areaSquareMetres: 70,
        residents: 2,
        annualHouseholdIncomeKroner: '200000',
      };
      const mutation =
        'mutation($input: HousingBenefitApplicationInput!, $key: ID!) { applyForHousingBenefit(input: $input, idempotencyKey: $key) { application { applicationNumber } } }';
      for (let attempt = 1; attempt <= 20; attempt++) {
        attempts++;
        // Every attempt sends the same filing twice at once, as an impatient client would.
        duplicatesSent++;
        const answers = await Promise.all([post(token, mutation, { input, key }), post(token, mutation, { input, key })]);
        const bodies = (await Promise.all(answers.map((a) => a.json()))) as {
          data?: { applyForHousingBenefit?: { application: { applicationNumber: string } } };
        }[];
        const ok = bodies.map((b) => b.data?.applyForHousingBenefit?.application.applicationNumber).filter(Boolean);
        if (ok.length > 0) return ok[0];
        await sleep(50 * attempt);
      }
      return undefined;
    }),
  );
  housing.setFaults({ errorRate: 0 });
  const after = await Promise.all(filers.map((p) => countApplications(p.cpr)));
  const stored = after.reduce((sum, count, i) => sum + (count - before[i]), 0);

  await stack.stop();
  await redis.stop();
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.floor((p / 100) * (latencies.length - 1))]?.toFixed(1);
  const share = (k: Outcome) => `${outcomes[k]} (${((100 * outcomes[k]) / total).toFixed(1)}%)`;
  process.stdout.write(
    [
      '',
      `Load run: ${SECONDS} s of the citizen overview, concurrency ${CONCURRENCY}, housing failing 20% of calls, Redis killed at ${SECONDS / 2} s and restarted 2 s later`,
      `  requests served:            ${total}`,
      `  complete data:              ${share('complete')}`,
      `  partial, right error:       ${share('partial-right-error')}   (housing null, LEGACY_* naming housing)`,
      `  partial, other error:       ${share('partial-other-error')}   ${JSON.stringify(Object.fromEntries(otherErrors))}`,
      `  HTTP 5xx:                   ${outcomes['http-5xx']}`,
      `  transport failures:         ${outcomes['other-failure']}`,
      `  latency p50 / p99:          ${pct(50)} ms / ${pct(99)} ms`,
      '',
      `Filings: ${FILINGS} citizens, each sent twice at once per attempt and retried until accepted, housing failing 20% of calls`,
      `  accepted:                   ${results.filter(Boolean).length} of ${FILINGS} (attempts ${attempts}, requests ${duplicatesSent * 2})`,
      `  applications stored:        ${stored} (expected exactly ${FILINGS})`,
      '',
    ].join('\n'),
  );
  process.exit(stored === FILINGS && outcomes['http-5xx'] === 0 ? 0 : 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  process.stderr.write(`load run failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
