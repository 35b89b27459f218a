import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetricsRoute } from './metricsRoute';
import { OperationNames } from './OperationNames';
import { createServiceRegistry } from './serviceRegistry';
import { LegacyCallMetrics } from './LegacyCallMetrics';
import { ReadinessChecks } from '../readiness/ReadinessChecks';
import { parsePrometheusText, sampleSum } from '../../test/support/prometheusText';

describe('operation names as labels', () => {
  it('operation-names-bounded: anonymous, CPR-shaped or odd names and names past the limit are folded', () => {
    const names = new OperationNames(2);
    expect(['Overview', undefined, '', 'Citizen1203382258', 'a-b', 'x'.repeat(65), 'Second', 'Third', 'Overview'].map((n) => names.labelOf(n))).toEqual([
      'Overview',
      'anonymous',
      'anonymous',
      'other',
      'other',
      'other',
      'Second',
      'other',
      'Overview',
    ]);
  });
});

describe('registries', () => {
  it('registry-per-service: two services in one process register the same metric without colliding', async () => {
    const a = createServiceRegistry('tax');
    const b = createServiceRegistry('housing');
    new LegacyCallMetrics(a).callEnded('tax', 0.01, 'success');
    new LegacyCallMetrics(b).callEnded('housing', 0.02, 'timeout');
    expect(sampleSum(parsePrometheusText(await a.metrics()), 'legacy_call_duration_seconds_count', { service: 'tax', system: 'tax', outcome: 'success' })).toBe(
      1,
    );
    expect(sampleSum(parsePrometheusText(await b.metrics()), 'legacy_call_errors_total', { service: 'housing', system: 'housing', outcome: 'timeout' })).toBe(
      1,
    );
    expect(await a.metrics()).not.toContain('housing');
  });
});

describe('metrics route', () => {
  it('metrics-token: with a token, a scrape without it is 401', async () => {
    const registry = createServiceRegistry('gateway');
    const route = createMetricsRoute(registry, 's3cret');
    const server = http.createServer(
      (req, res) =>
        void route(req, res).then((answered) => {
          if (!answered) res.writeHead(404).end();
        }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    try {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong!' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: 'Bearer s3cret' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
    } finally {
      server.close();
    }
  });
});

describe('readiness checks', () => {
  it('readiness-timeout-and-cache: a hanging check fails after the timeout; a verdict is reused within cacheMs', async () => {
    let calls = 0;
    const checks = new ReadinessChecks(
      [
        {
          name: 'fast',
          check: async () => {
            calls++;
          },
        },
        { name: 'hangs', check: () => new Promise(() => {}) },
      ],
      { timeoutMs: 50, cacheMs: 10_000 },
    );
    expect(await checks.verdict()).toEqual({ ready: false, checks: { fast: true, hangs: false } });
    await checks.verdict();
    expect(calls).toBe(1);
  });
});
