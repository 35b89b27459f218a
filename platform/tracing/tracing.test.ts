import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { context, propagation, ProxyTracerProvider, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LegacyHttp } from '../legacyHttp';
import {
  CPR_SHAPED,
  describeStatement,
  flushTracing,
  guardedAttributes,
  inSpan,
  registeredTracing,
  registerTracing,
  REDACTED,
  startTracingFromEnv,
  traceServerRequest,
  tracer,
  tracingSettingsFromEnv,
  withTraceContext,
} from '.';

describe('tracing setup', () => {
  it('tracing-off-by-default: no endpoint configured, no provider, no exporter, no propagation, spans are no-ops', async () => {
    expect(tracingSettingsFromEnv({})).toBeUndefined();
    expect(startTracingFromEnv('gateway', {})).toBeUndefined();
    expect(startTracingFromEnv('gateway', { NODE_ENV: 'production', OTEL_SERVICE_NAME: 'x' })).toBeUndefined();
    expect(registeredTracing()).toBeUndefined();
    // The API's global provider is the proxy with no delegate registered: every tracer is the no-op one.
    const provider = trace.getTracerProvider() as ProxyTracerProvider;
    expect(provider).toBeInstanceOf(ProxyTracerProvider);
    expect(provider.getDelegate().constructor.name).toBe('NoopTracerProvider');
    expect(propagation.fields()).toEqual([]);
    const span = tracer().startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    // Our helpers: the function still runs, headers are passed through untouched (the same object), no traceparent.
    const headers = { 'content-type': 'application/json' };
    await inSpan('legacy tax GET', { kind: SpanKind.CLIENT }, async (s) => {
      expect(s.isRecording()).toBe(false);
      expect(withTraceContext(headers)).toBe(headers);
      expect(withTraceContext(undefined)).toBeUndefined();
    });
    await expect(flushTracing()).resolves.toBeUndefined();
  });

  it('tracing-env: the standard variables turn it on, OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none keep it off, a bad value names the variable', () => {
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({ tracesUrl: 'http://collector:4318/v1/traces' });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' })).toEqual({
      tracesUrl: 'https://b/traces',
    });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http/);
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('tracing-otlp-export: with OTEL_EXPORTER_OTLP_ENDPOINT a service posts its spans to <endpoint>/v1/traces as OTLP, and shutdown flushes them', async () => {
    // The exporter loads node:http by dynamic import, which jest's module system refuses: the service runs as a
    // plain Node process (as in production), this test is its collector.
    const received: { path?: string; type?: string; body: string }[] = [];
    const collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const port = (collector.address() as AddressInfo).port;
    const service = `
      const { startTracingFromEnv, inSpan, registeredTracing, tracer, SpanKind } = require('./platform/tracing');
      const handle = startTracingFromEnv('tax');
      if (!handle || registeredTracing() !== handle) throw new Error('tracing not started');
      inSpan('legacy tax GET', { kind: SpanKind.CLIENT, attributes: { 'citizen_graph.legacy.system': 'tax' } }, async () => undefined)
        .then(() => handle.shutdown())
        .then(() => { if (tracer().startSpan('after').isRecording()) throw new Error('still recording after shutdown'); });
    `;
    try {
      const exit = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', service], {
          cwd: path.join(__dirname, '..', '..'),
          env: { PATH: process.env.PATH, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(exit).toEqual({ code: 0, stderr: '' });
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/v1/traces');
      expect(received[0].type).toBe('application/json');
      const body = JSON.parse(received[0].body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { scope: { name: string }; spans: { name: string; kind: number }[] }[];
        }[];
      };
      const [resourceSpans] = body.resourceSpans;
      expect(resourceSpans.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'tax' } });
      expect(resourceSpans.scopeSpans[0].scope.name).toBe('citizen-graph');
      expect(resourceSpans.scopeSpans[0].spans.map((span) => span.name)).toEqual(['legacy tax GET']);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  }, 30_000);
});

describe('tracing propagation and guard', () => {
  let exporter: InMemorySpanExporter;
  let handle: ReturnType<typeof registerTracing>;
  beforeAll(() => {
    exporter = new InMemorySpanExporter();
    handle = registerTracing({ serviceName: 'unit', exporter, batch: false });
  });
  afterAll(() => handle.shutdown());
  beforeEach(() => exporter.reset());
  const spanNamed = (name: string): ReadableSpan => exporter.getFinishedSpans().find((s) => s.name === name)!;

  it('a subgraph continues only the trace in the headers it received, never a span that happens to be active in the process', async () => {
    const tracing = { service: 'tax', continueCallerTrace: true };
    let sent: Record<string, string> = {};
    await inSpan('subgraph tax', { kind: SpanKind.CLIENT }, async () => {
      sent = withTraceContext({});
      // Served while the client span is active in this process: without headers it is a new trace.
      await traceServerRequest(tracing, 'POST', new Map<string, string>(), async () => ({ status: 200 }));
    });
    expect(sent.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const unrelated = spanNamed('POST /graphql');
    expect(unrelated.parentSpanContext).toBeUndefined();
    exporter.reset();

    await traceServerRequest(tracing, 'POST', new Map(Object.entries(sent)), async () => ({ status: 200 }));
    const continued = spanNamed('POST /graphql');
    expect(continued.spanContext().traceId).toBe(sent.traceparent.split('-')[1]);
    expect(continued.parentSpanContext?.spanId).toBe(sent.traceparent.split('-')[2]);
    expect(continued.attributes).toMatchObject({ 'citizen_graph.service': 'tax', 'http.response.status_code': 200 });
  });

  it("the gateway does not continue a client's traceparent", async () => {
    const given = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await traceServerRequest({ service: 'gateway', continueCallerTrace: false }, 'POST', new Map([['traceparent', given]]), async () => ({ status: 200 }));
    const span = spanNamed('POST /graphql');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe('0af7651916cd43dd8448eb211c80319c');
    expect(context.active()).toBeDefined();
  });

  it('a failure marks the span ERROR with its kind, never its message', async () => {
    const failure = Object.assign(new Error('no citizen 1203382258'), { kind: 'unavailable' });
    await expect(
      inSpan('legacy cpr GET', { kind: SpanKind.CLIENT }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const span = spanNamed('legacy cpr GET');
    expect(span.status).toEqual({ code: 2 });
    expect(span.attributes['error.type']).toBe('unavailable');
    expect(span.events).toEqual([]);
  });

  it("the exporter's guard folds client-chosen operation names, drops documents and redacts CPR-shaped text from other instrumentation", async () => {
    expect(
      guardedAttributes({
        operationName: 'Bent1203382258',
        'graphql.operation.name': 'Overview',
        'graphql.document': '{ citizen(cpr: "1203382258") { name } }',
        note: 'cpr 120338-2258 seen',
        n: 3,
        list: ['a', '1203382258'],
      }),
    ).toEqual({ operationName: 'other', 'graphql.operation.name': 'Overview', note: `cpr ${REDACTED} seen`, n: 3, list: ['a', REDACTED] });
    tracer()
      .startSpan('lookup 1203382258', { attributes: { 'x.value': '1203382258' } })
      .end();
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe(`lookup ${REDACTED}`);
    expect(span.attributes['x.value']).toBe(REDACTED);
    expect(CPR_SHAPED.test('12033822580')).toBe(false);
  });

  it('a legacy call sends its own span as traceparent on every attempt and records its retries, never its path', async () => {
    const seen: (string | undefined)[] = [];
    const legacySystem = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.statusCode = seen.length === 1 ? 503 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => legacySystem.listen(0, '127.0.0.1', resolve));
    const legacy = new LegacyHttp({
      system: 'tax',
      baseURL: `http://127.0.0.1:${(legacySystem.address() as AddressInfo).port}`,
      retries: 2,
      retryBaseDelayMs: 0,
      retryMaxDelayMs: 0,
      sleep: async () => undefined,
    });
    try {
      const response = await legacy.request({ method: 'GET', url: '/persons/1203382258' });
      expect(response.status).toBe(200);
    } finally {
      legacy.close();
      await new Promise((resolve) => legacySystem.close(resolve));
    }
    const span = spanNamed('legacy tax GET');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(seen).toEqual([expect.any(String), expect.any(String)]);
    for (const traceparent of seen) expect(traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(span.attributes).toEqual({
      'citizen_graph.legacy.system': 'tax',
      'citizen_graph.legacy.call_kind': 'read',
      'http.request.method': 'GET',
      'citizen_graph.outcome': 'success',
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
  });

  it('SQL statements are described by their keyword and tag, never their text', () => {
    expect(describeStatement('/* benefits:claimsByCpr */ SELECT a FROM b WHERE c = $1')).toEqual({ operation: 'SELECT', tag: 'claimsByCpr' });
    expect(describeStatement('\n  -- note\n  insert into x values ($1)')).toEqual({ operation: 'INSERT' });
    expect(describeStatement("'1203382258'")).toEqual({ operation: 'OTHER' });
  });
});
