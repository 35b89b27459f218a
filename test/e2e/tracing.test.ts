import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PERSONAS, personaCpr } from '../../legacy/population';
import { CPR_SHAPED, REDACTED, registerTracing, SPAN_ATTRIBUTES, type TracingHandle } from '../../platform/tracing';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * One trace from the gateway through the subgraphs to the legacy systems, over the real stack:
 * every service runs in this process, so the only way a subgraph's span can join the gateway's
 * trace is the traceparent header it received (subgraphs extract from an empty context).
 */
const OVERVIEW = `query Overview { me { name { full } preliminaryIncomeAssessment(year: 2026) { status } housingBenefit { status } benefitClaims { type status } } }`;

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
const serviceOf = (span: ReadableSpan) => span.attributes[SPAN_ATTRIBUTES.service];

/** The spans from span up to the root, span first, by parent links within the finished spans. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [idOf(s), s]));
  const chain = [span];
  for (let parent = span.parentSpanContext; parent; ) {
    const next = byId.get(parent.spanId);
    if (!next) break;
    chain.push(next);
    parent = next.parentSpanContext;
  }
  return chain;
}

describe('tracing (OpenTelemetry, in-memory exporter)', () => {
  let exporter: InMemorySpanExporter;
  let tracing: TracingHandle;
  let stack: TestStack;

  beforeAll(async () => {
    exporter = new InMemorySpanExporter();
    tracing = registerTracing({ serviceName: 'citizen-graph-test', exporter, batch: false });
    stack = await startTestStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await tracing?.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('trace-spans-gateway-subgraph-legacy: one trace from the gateway request through each subgraph fetch and request to the legacy calls', async () => {
    const response = await stack.as('ingrid')(OVERVIEW);
    expect(response.body.errors).toBeUndefined();
    await tracing.flush();
    const all = exporter.getFinishedSpans();

    const gatewayRequests = all.filter((s) => s.kind === SpanKind.SERVER && serviceOf(s) === 'gateway');
    expect(gatewayRequests).toHaveLength(1);
    const [request] = gatewayRequests;
    expect(request.name).toBe('query Overview');
    expect(request.attributes).toMatchObject({
      [SPAN_ATTRIBUTES.graphqlOperationName]: 'Overview',
      [SPAN_ATTRIBUTES.graphqlOperationType]: 'query',
      [SPAN_ATTRIBUTES.httpStatus]: 200,
    });
    // The public edge starts the trace.
    expect(request.parentSpanContext).toBeUndefined();
    const spans = all.filter((s) => traceOf(s) === traceOf(request));
    if (process.env.SHOW_TRACE) console.log(spans.map((s) => `${s.name} ${idOf(s)} <- ${s.parentSpanContext?.spanId ?? '-'}`).join('\n'));

    for (const subgraph of ['tax', 'housing', 'benefits']) {
      // The gateway's fetch: a client span under the gateway request.
      const fetches = spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes[SPAN_ATTRIBUTES.subgraph] === subgraph);
      expect({ subgraph, fetched: fetches.length >= 1 }).toEqual({ subgraph, fetched: true });
      for (const fetch of fetches) {
        expect(fetch.name).toBe(`subgraph ${subgraph}`);
        expect(fetch.attributes).toMatchObject({ [SPAN_ATTRIBUTES.httpStatus]: 200, [SPAN_ATTRIBUTES.outcome]: 'success' });
        expect(ancestry(fetch, spans)).toContain(request);
      }
      // The subgraph's own request span: same trace, parent = exactly the gateway's fetch span (carried in traceparent).
      const served = spans.filter((s) => s.kind === SpanKind.SERVER && serviceOf(s) === subgraph);
      expect(served).toHaveLength(fetches.length);
      for (const server of served) {
        expect(traceOf(server)).toBe(traceOf(request));
        expect(fetches.map(idOf)).toContain(server.parentSpanContext?.spanId);
        expect(server.parentSpanContext?.isRemote).toBe(true);
        expect(server.name).toMatch(/^query Overview__/);
      }
    }

    // The legacy calls, each under the subgraph request that made it.
    const taxServers = spans.filter((s) => serviceOf(s) === 'tax' && s.kind === SpanKind.SERVER);
    const taxCalls = spans.filter((s) => s.attributes[SPAN_ATTRIBUTES.legacySystem] === 'tax');
    expect(taxCalls).toHaveLength(1);
    expect(taxCalls[0].name).toMatch(/^legacy tax (GET|POST)$/);
    expect(taxCalls[0].kind).toBe(SpanKind.CLIENT);
    expect(taxCalls[0].attributes).toMatchObject({
      [SPAN_ATTRIBUTES.legacyCallKind]: 'read',
      [SPAN_ATTRIBUTES.outcome]: 'success',
      [SPAN_ATTRIBUTES.resendCount]: 0,
    });
    const taxChain = ancestry(taxCalls[0], spans);
    expect(taxServers.some((server) => taxChain.includes(server))).toBe(true);
    expect(taxChain[taxChain.length - 1]).toBe(request);

    const housingCalls = spans.filter((s) => s.attributes[SPAN_ATTRIBUTES.legacySystem] === 'housing' && s.kind === SpanKind.CLIENT);
    expect(housingCalls.length).toBeGreaterThanOrEqual(1);
    for (const call of housingCalls) expect(ancestry(call, spans).map(serviceOf)).toContain('housing');

    // The benefits system is a database: a span per statement, under the benefits subgraph's request.
    const benefitsStatements = spans.filter((s) => s.attributes[SPAN_ATTRIBUTES.legacySystem] === 'benefits');
    expect(benefitsStatements.length).toBeGreaterThanOrEqual(1);
    for (const statement of benefitsStatements) {
      expect(statement.name).toMatch(/^sql benefits [A-Za-z]+$/);
      expect(statement.attributes).toMatchObject({
        [SPAN_ATTRIBUTES.dbSystem]: 'postgresql',
        [SPAN_ATTRIBUTES.dbOperation]: 'SELECT',
        [SPAN_ATTRIBUTES.outcome]: 'success',
      });
      expect(ancestry(statement, spans).map(serviceOf)).toContain('benefits');
    }

    // Nothing of this request ended up in another trace.
    expect(all.filter((s) => serviceOf(s) && s.kind === SpanKind.SERVER && traceOf(s) !== traceOf(request))).toEqual([]);
  });

  it("trace-no-personal-data: no span name or attribute holds a CPR number, a CPR-shaped value or a persona's name", async () => {
    const bent = personaCpr('bent');
    const ingrid = personaCpr('ingrid');
    // A caseworker's lookup by CPR number, an operation named after one, an acting-for call and a failed lookup.
    await stack.as('caseworker-laesoe', bent)(`query Bent${bent} { citizen(cpr: "${bent}") { name { full } benefitClaims { status } } }`);
    await stack.as('caseworker-aarhus')(
      `query Lookup($cpr: CPR!) { citizen(cpr: $cpr) { name { full } housingBenefit { status } preliminaryIncomeAssessment(year: 2026) { status } } }`,
      { cpr: ingrid },
    );
    await stack.as('mads', ingrid)(OVERVIEW);
    await stack.as('caseworker-aarhus')(`query { citizen(cpr: "0101011234") { name { full } } }`);
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(20);

    const names = PERSONAS.map((p) => p.name);
    const cprs = PERSONAS.flatMap((p) => (p.cpr ? [p.cpr, `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`] : []));
    const texts = spans.flatMap((span) => [
      span.name,
      ...Object.values(span.attributes).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)])),
      ...span.events.flatMap((e) => [e.name, ...Object.values(e.attributes ?? {}).map(String)]),
      span.status.message ?? '',
    ]);
    expect(texts.filter((t) => CPR_SHAPED.test(t))).toEqual([]);
    // Not because the exporter's guard had to step in: nothing was CPR-shaped before it either.
    expect(texts.filter((t) => t.includes(REDACTED))).toEqual([]);
    expect(texts.filter((t) => cprs.some((cpr) => t.includes(cpr)) || names.some((name) => t.includes(name)))).toEqual([]);
    // The operation named after a CPR number is folded, as in the metrics.
    expect(spans.some((s) => s.kind === SpanKind.SERVER && serviceOf(s) === 'gateway' && s.attributes[SPAN_ATTRIBUTES.graphqlOperationName] === 'other')).toBe(
      true,
    );
    // No attribute names a URL path, a document or variables.
    const keys = new Set(spans.flatMap((s) => Object.keys(s.attributes)));
    for (const forbidden of ['url.path', 'url.full', 'url.query', 'http.target', 'http.url', 'graphql.document', 'db.query.text', 'db.statement'])
      expect(keys.has(forbidden)).toBe(false);
  });
});
