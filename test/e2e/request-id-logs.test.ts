import { personaCpr } from '../../legacy/population';
import { createLogger } from '../../platform';
import { graphqlCaller, startTestStack, type TestStack } from '../support/testStack';

const INGRID = personaCpr('ingrid');
const TAX_QUERY = 'query Tax($cpr: CPR!, $year: Int!) { citizen(cpr: $cpr) { name { full } preliminaryIncomeAssessment(year: $year) { status } } }';

describe('one request id on every log line of a request', () => {
  const lines: Record<string, unknown>[] = [];
  let stack: TestStack;
  beforeAll(async () => {
    // Every service of the in-process stack writes through this logger (JSON through pino); debug for the per-request lines.
    const logger = createLogger('stack', 'debug', (line) => lines.push(JSON.parse(line)));
    // One failed attempt opens the tax circuit: the legacy client logs it while the request is in flight.
    stack = await startTestStack({
      logger,
      cache: false,
      legacyTimeoutMs: 300,
      legacyResilience: { retries: 0, breakerConsecutiveFailures: 1, breakerHalfOpenAfterMs: 60_000 },
    });
  }, 60_000);
  afterAll(() => stack?.stop());

  it("log-request-id-end-to-end: the gateway's, the subgraphs' and the legacy call's lines of one request share the caller's x-request-id", async () => {
    stack.standIns.tax.setFaults({ down: true });
    const token = await stack.tokenFor('ingrid');
    const { status, body } = await graphqlCaller(stack.gatewayUrl)(
      TAX_QUERY,
      { cpr: INGRID, year: 2026 },
      { authorization: `Bearer ${token}`, 'x-request-id': 'req-e2e-42' },
    );
    expect(status).toBe(200);
    expect(body.errors?.[0].extensions).toMatchObject({ legacySystem: 'tax' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the gateway's own 'finish' line

    const mine = lines.filter((l) => l.requestId === 'req-e2e-42');
    const served = (port: number) => mine.filter((l) => l.message === 'request served' && l.port === port);
    expect(served(new URL(stack.gatewayUrl).port ? Number(new URL(stack.gatewayUrl).port) : NaN)).toHaveLength(1);
    expect(served(stack.subgraphs.citizen.port).length).toBeGreaterThanOrEqual(1);
    expect(served(stack.subgraphs.tax.port)).toHaveLength(1);
    expect(mine).toContainEqual(expect.objectContaining({ message: 'legacy circuit open: failing fast', system: 'tax', level: 'warn' }));
    // Nothing this request wrote lacks the id; lines of other requests carry theirs, never this one.
    expect(lines.filter((l) => l.message === 'legacy circuit open: failing fast').every((l) => l.requestId === 'req-e2e-42')).toBe(true);
    // Each line is pino JSON: level, time, the service, the message; no CPR in clear.
    expect(mine.every((l) => typeof l.time === 'string' && typeof l.level === 'string' && l.service === 'stack')).toBe(true);
    expect(JSON.stringify(mine)).not.toContain(INGRID);
  });

  it('a request without an x-request-id gets one, echoed in the response and on its lines', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toContainEqual(expect.objectContaining({ message: 'request served', requestId: id, status: 200 }));
  });
});
