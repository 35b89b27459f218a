import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { personaCpr } from '../../legacy/population';
import { LegacyError, LegacyHttp } from '../../platform';
import { TaxFaultError, TaxSoapClient } from '../../subgraphs/tax/soapClient';
import { startTestStack, type TestStack } from '../support/testStack';

const INGRID = personaCpr('ingrid');
const KAREN = personaCpr('karen');
const TAX_QUERY = 'query Tax($cpr: CPR!, $year: Int!) { citizen(cpr: $cpr) { name { full } preliminaryIncomeAssessment(year: $year) { status } } }';
const HOUSING_QUERY = 'query Housing($cpr: CPR!) { citizen(cpr: $cpr) { name { full } housingBenefit { status } } }';
const LEGACY_TIMEOUT_MS = 200;
const HALF_OPEN_AFTER_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('legacy failures through the gateway (retries for reads, a breaker per system)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // No cache: every request reaches the legacy systems, so what reaches them can be counted.
    stack = await startTestStack({ cache: false, legacyTimeoutMs: LEGACY_TIMEOUT_MS, legacyResilience: { breakerHalfOpenAfterMs: HALF_OPEN_AFTER_MS } });
  }, 60_000);
  afterAll(() => stack?.stop());
  beforeEach(() => {
    for (const standIn of Object.values(stack.standIns)) {
      standIn.setFaults({ down: false, latencyMs: 0, errorRate: 0 });
      standIn.resetCalls();
    }
  });

  it("tax-soap-fault: a SOAP Client fault is LEGACY_ERROR with the agency's code, asked once (a refusal is not retried)", async () => {
    // The agency keeps assessments for 2025-2027 only: 2010 is refused with FS-1001.
    const { status, body } = await stack.as('ingrid')(TAX_QUERY, { cpr: INGRID, year: 2010 });
    expect(status).toBe(200);
    expect(body.data!.citizen).toEqual({ name: { full: 'Ingrid Marie Holm' }, preliminaryIncomeAssessment: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['citizen', 'preliminaryIncomeAssessment'],
        extensions: expect.objectContaining({ code: 'LEGACY_ERROR', legacySystem: 'tax', reason: 'fault', legacyFaultCode: 'FS-1001' }),
      }),
    ]);
    expect(stack.standIns.tax.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: [`${INGRID}|2010`] }]);
  });

  it('housing-timeout: a housing system slower than its timeout is LEGACY_TIMEOUT naming housing; register data still arrives', async () => {
    stack.standIns.housing.setFaults({ latencyMs: 1500 });
    const { status, body } = await stack.as('ingrid')(HOUSING_QUERY, { cpr: INGRID });
    expect(status).toBe(200);
    expect(body.data!.citizen).toEqual({ name: { full: 'Ingrid Marie Holm' }, housingBenefit: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['citizen', 'housingBenefit'],
        extensions: expect.objectContaining({ code: 'LEGACY_TIMEOUT', legacySystem: 'housing' }),
      }),
    ]);
  });

  it('breaker-opens-and-recovers: after 5 failed attempts calls stop reaching the tax agency; once it is back, a probe after halfOpenAfter closes the circuit', async () => {
    const tax = stack.standIns.tax;
    // Slower than the timeout: each attempt fails, and the stand-in still records it (late).
    // A timed-out read is not retried (no room in the default retry budget): one attempt per request.
    tax.setFaults({ latencyMs: 600 });
    for (let i = 0; i < 5; i += 1) {
      const { body } = await stack.as('ingrid')(TAX_QUERY, { cpr: INGRID, year: 2026 });
      expect(body.data!.citizen.preliminaryIncomeAssessment).toBeNull();
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'LEGACY_TIMEOUT', legacySystem: 'tax' });
    }
    await sleep(800); // let the stand-in record the attempts it received
    expect(tax.calls()).toHaveLength(5);

    const open = await stack.as('ingrid')(TAX_QUERY, { cpr: INGRID, year: 2026 });
    expect(open.body.errors?.[0].extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', legacySystem: 'tax', reason: 'unavailable' });
    expect(open.body.data!.citizen.name.full).toBe('Ingrid Marie Holm');
    await sleep(800);
    expect(tax.calls()).toHaveLength(5);

    tax.setFaults({ latencyMs: 0 });
    await sleep(HALF_OPEN_AFTER_MS);
    const probe = await stack.as('ingrid')(TAX_QUERY, { cpr: INGRID, year: 2026 });
    expect(probe.body.errors).toBeUndefined();
    expect(probe.body.data!.citizen.preliminaryIncomeAssessment).toEqual({ status: expect.any(String) });
    expect(tax.calls()).toHaveLength(6);

    const closed = await stack.as('karen')(TAX_QUERY, { cpr: KAREN, year: 2026 });
    expect(closed.body.errors).toBeUndefined();
    expect(tax.calls()).toHaveLength(7);
  }, 30_000);
});

describe('tax SOAP retries over a wire-level fake agency', () => {
  let server: http.Server;
  let answers: string[];
  let received: string[];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume(); // the body is not needed: every request gets the next fault
      req.on('end', () => {
        received.push(String(req.headers.soapaction));
        const fault = answers.length > 1 ? answers.shift()! : answers[0];
        res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(soapFault(fault));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    received = [];
  });

  function client(): TaxSoapClient {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL: url, timeoutMs: 1000, retryBaseDelayMs: 1 }) });
  }

  it("a Server fault (HTTP 500) on a read is retried; the agency's later Client fault is the answer", async () => {
    answers = ['Server', 'Server', 'Client'];
    const tax = client();
    try {
      const error = await tax.getPreliminaryAssessments(2026, [INGRID]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaxFaultError);
      expect(received).toHaveLength(3);
    } finally {
      tax.close();
    }
  });

  it('a Client fault (also HTTP 500 in SOAP 1.1) is not retried', async () => {
    answers = ['Client'];
    const tax = client();
    try {
      await expect(tax.getPreliminaryAssessments(2026, [INGRID])).rejects.toBeInstanceOf(TaxFaultError);
      expect(received).toHaveLength(1);
    } finally {
      tax.close();
    }
  });

  it('never retries a write: SubmitIncomeChange meeting a Server fault is sent once and reported unavailable', async () => {
    answers = ['Server', 'Client'];
    const tax = client();
    try {
      const error = await tax
        .submitIncomeChange({ cpr: INGRID, year: 2026, expectedSalaryOre: 100_000_00n, clientReference: 'ref-1' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LegacyError);
      expect(error).toMatchObject({ system: 'tax', kind: 'unavailable' });
      expect(received).toEqual(['"urn:skat:forskud:2011/SubmitIncomeChange"']);
    } finally {
      tax.close();
    }
  });
});

function soapFault(faultcode: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    `<faultcode>soap:${faultcode}</faultcode><faultstring>${faultcode === 'Server' ? 'busy' : 'refused'}</faultstring>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}
