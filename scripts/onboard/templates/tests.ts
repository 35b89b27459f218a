import type { ProtocolTemplate } from './protocol';
import type { ScaffoldPlan } from './subgraph';

/**
 * subgraphs/<name>/<name>Subgraph.test.ts: the generated subgraph over its generated stand-in,
 * on a real test runtime (selfservice, idempotency store, cache): batching, the cache, who may
 * read, a legacy timeout, and (when it files) one filing per idempotency key.
 */
export function subgraphTestTs(plan: ScaffoldPlan, protocol: ProtocolTemplate): string {
  const { name, pascal } = plan.names;
  const h = protocol.test;
  const filing = plan.filing;
  const timeout = h.slow
    ? `

  it('${name}-legacy-timeout: a system slower than the timeout gives a null field with LEGACY_TIMEOUT naming it', async () => {
    const slow = await startSubgraph({ cache: false, timeoutMs: 300 });
    try {
      ${h.slow(plan)}
      const answer = await slow.gql(READ, { representations: representations([ingrid]) }, selfContext('ingrid'));
      expect(answer.data!._entities[0].${name}).toBeNull();
      expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.legacySystem])).toEqual([['LEGACY_TIMEOUT', '${name}']]);
    } finally {
      await slow.stop();
    }
  });`
    : '';
  const filingTests = filing
    ? `

  const FILE = \`mutation File($input: ${pascal}FilingInput!, $key: ID!) {
    ${filing.mutation}(input: $input, idempotencyKey: $key) { reference status receivedOn citizen { cpr } channel exemptionUsed }
  }\`;

  it('${name}-retry-files-once: the same idempotency key three times at once files once, answers the same, and is recorded through selfservice', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => subgraph.gql(FILE, { input: { cpr: karen }, key }, selfContext('karen'))));
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    const results = answers.map((a) => a.data!.${filing.mutation});
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ status: 'PENDING', receivedOn: expect.stringMatching(/^\\d{4}-\\d{2}-\\d{2}$/), citizen: { cpr: karen }, channel: 'DIGITAL_SELF_SERVICE', exemptionUsed: false });
    expect(${h.filings(plan)}).toBe(1);
    const { rows } = await subgraph.runtime.selfservice.filings();
    expect(rows.filter((r) => r.reference === results[0].reference).map((r) => [r.service, r.channel, r.subject_cpr])).toEqual([['${filing.service}', 'DIGITAL_SELF_SERVICE', karen]]);
  });

  it('${name}-filing-refused: a caseworker without ${name}:assist files nothing', async () => {
    const answer = await subgraph.gql(FILE, { input: { cpr: ingrid }, key: randomUUID() }, caseworkerContext('caseworker-aarhus', { citizenId: 'ingrid' }, ['${name}:read']));
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(${h.filings(plan)}).toBe(0);
  });`
    : '';
  return `${filing ? "import { randomUUID } from 'node:crypto';\n" : ''}import { generatePopulation, personaCpr } from '../../legacy/population';
import { asIfInCaseload, caseworkerContext, selfContext, type UnstampedContext } from '../../test/support/callerContexts';
import { startTestRuntime } from '../../test/support/testRuntime';
${h.imports(plan)}
import { build${pascal}Subgraph } from './server';

/**
 * Generated with the subgraph (npm run onboard): it passes before any hand edit. Keep these as the
 * mapping changes; add a test per field and per rule the agency adds.
 */
const TODAY = '2026-11-26';
const population = generatePopulation(2000);
const ingrid = personaCpr('ingrid');
${filing ? "const karen = personaCpr('karen');\n" : ''}
/** A caseworker of Aarhus who may read ${name} data (the domain's own scope). */
const READER = caseworkerContext('caseworker-aarhus', undefined, ['${name}:read']);

const READ = \`query Read($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Citizen { cpr ${name} { status since municipalityCode } } }
}\`;

interface Answer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

${h.declarations(plan)}

function representations(cprs: readonly string[]) {
  return cprs.map((cpr) => ({ __typename: 'Citizen', cpr }));
}

/** The subgraph on a free port over the stand-in, with a real test runtime. */
async function startSubgraph(options: { cache?: boolean; timeoutMs?: number } = {}) {
  const runtime = await startTestRuntime({ service: '${name}', cache: options.cache, today: TODAY });
  const running = await build${pascal}Subgraph({ ...runtime.runtime, client: makeClient(options.timeoutMs) }).listen(0);
  return {
    runtime,
    async gql(query: string, variables: Record<string, unknown>, as: UnstampedContext): Promise<Answer> {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await runtime.keys.headersFor(as)) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await running.stop();
      await runtime.stop();
    },
  };
}

describe('${name} subgraph over its stand-in', () => {
  let subgraph: Awaited<ReturnType<typeof startSubgraph>>;

  beforeAll(async () => {
    ${h.setUp(plan)}
    subgraph = await startSubgraph({ cache: true });
  });
  afterAll(async () => {
    await subgraph.stop();
    ${h.tearDown(plan)}
  });
  beforeEach(() => {
    ${h.reset(plan)}
  });

  it('${name}-batching: twenty-five citizens cost one legacy call, and a second read none (the cache)', async () => {
    const cprs = population.people.slice(0, 25).map((p) => p.cpr);
    const first = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(first.errors).toBeUndefined();
    expect(first.data!._entities).toHaveLength(25);
    const records = first.data!._entities.map((e: { ${name}: unknown }) => e.${name}).filter(Boolean);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toEqual({ status: expect.stringMatching(/^(ACTIVE|PENDING|ENDED)$/), since: expect.stringMatching(/^\\d{4}-\\d{2}-\\d{2}$/), municipalityCode: expect.stringMatching(/^\\d{4}$/) });
    expect(${h.lookups(plan)}).toEqual([cprs]);

    ${h.reset(plan)}
    const second = await subgraph.gql(READ, { representations: representations(cprs) }, asIfInCaseload(READER, cprs));
    expect(second.data).toEqual(first.data);
    expect(${h.lookups(plan)}).toEqual([]);
  });

  it('${name}-authorization: a citizen reads their own record; a caseworker without ${name}:read is refused before any legacy call', async () => {
    const own = await subgraph.gql(READ, { representations: representations([ingrid]) }, selfContext('ingrid'));
    expect(own.errors).toBeUndefined();
    ${h.reset(plan)}
    const noScope = caseworkerContext('caseworker-aarhus', undefined, ['citizen:read']);
    const refused = await subgraph.gql(READ, { representations: representations([population.people[30].cpr]) }, asIfInCaseload(noScope, [population.people[30].cpr]));
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['FORBIDDEN', 'SCOPE_MISSING']]);
    expect(${h.lookups(plan)}).toEqual([]);
  });${timeout}${filingTests}
});
`;
}
