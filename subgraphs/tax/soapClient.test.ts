import { PinnedClock } from '../../platform/clock';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import type { RunningStandIn } from '../../legacy/kit/standIn';
import { generatePopulation, personaCpr } from '../../legacy/population';
import { startTaxStandIn } from '../../legacy/tax/standIn';
import { LegacyError, LegacyHttp } from '../../platform';
import { MAX_CPRS_PER_CALL, soapActionOf, TAX_NAMESPACE, TAX_OPERATIONS, TaxFaultError, TaxSoapClient } from './soapClient';

const population = generatePopulation();
const [karen, peter, ingrid, freja] = ['karen', 'peter', 'ingrid', 'freja'].map(personaCpr);

let standIn: RunningStandIn;
let client: TaxSoapClient;
beforeAll(async () => {
  standIn = await startTaxStandIn({ population, clock: new PinnedClock('2026-02-03T10:00:00.000Z') });
  client = clientFor(standIn.url);
});
afterAll(async () => {
  client.close();
  await standIn.close();
});
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false, latencyMs: 0 });
});

function clientFor(baseURL: string, timeoutMs = 2000): TaxSoapClient {
  return new TaxSoapClient({ http: new LegacyHttp({ system: 'tax', baseURL, timeoutMs }) });
}

describe('the client agrees with the served WSDL', () => {
  it("uses the WSDL target namespace and each operation's soapAction", async () => {
    const wsdl = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(await (await fetch(`${standIn.url}/tax?wsdl`)).text());
    expect(wsdl.definitions['@_targetNamespace']).toBe(TAX_NAMESPACE);
    const actions = Object.fromEntries(
      wsdl.definitions.binding.operation.map((o: { '@_name': string; operation: { '@_soapAction': string } }) => [o['@_name'], o.operation['@_soapAction']]),
    );
    expect(actions).toEqual(Object.fromEntries(TAX_OPERATIONS.map((op) => [op, soapActionOf(op)])));
  });
});

describe('TaxSoapClient reads', () => {
  it('fetches many assessments in one call; a NotFound CPR is absent', async () => {
    const found = await client.getPreliminaryAssessments(2026, [karen, freja, ingrid]);
    expect([...found.keys()].sort()).toEqual([karen, ingrid].sort());
    expect(found.get(ingrid)).toMatchObject({ cpr: ingrid, incomeYear: '2026', amIndkomst: '0', status: expect.stringMatching(/^[ABS]$/) });
    expect(standIn.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: [`${karen}|2026`, `${freja}|2026`, `${ingrid}|2026`] }]);
  });

  it(`splits more than ${MAX_CPRS_PER_CALL} CPR numbers into calls of ${MAX_CPRS_PER_CALL}`, async () => {
    const adults = population.people
      .filter((p) => p.birthDate < '1990')
      .slice(0, 150)
      .map((p) => p.cpr);
    const found = await client.getAnnualStatements(2024, adults);
    expect(found.size).toBe(150);
    expect(
      standIn
        .calls()
        .map((call) => call.keys.length)
        .sort(),
    ).toEqual([100, 50].sort());
  });

  it('tax-soap-fault: a year the agency refuses is a TaxFaultError with the agency code', async () => {
    const failure = await client.getAnnualStatements(2019, [karen]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TaxFaultError);
    expect(failure).toMatchObject({ system: 'tax', kind: 'fault', agencyCode: 'FS-1001', upstreamStatus: 500, fault: { faultcode: 'Client' } });
  });

  it('tax-down: a soap:Server fault is "unavailable"', async () => {
    standIn.setFaults({ down: true });
    await expect(client.getPreliminaryAssessments(2026, [karen])).rejects.toMatchObject({ system: 'tax', kind: 'unavailable', upstreamStatus: 500 });
  });

  it('tax-timeout: no answer in time is "timeout"', async () => {
    standIn.setFaults({ latencyMs: 500 });
    const impatient = clientFor(standIn.url, 100);
    await expect(impatient.getPreliminaryAssessments(2026, [karen])).rejects.toMatchObject({ kind: 'timeout' });
    impatient.close();
    // The agency still answers the abandoned call 500 ms later; wait for it, or it lands in a later test's call log.
    for (let waited = 0; standIn.calls().length === 0 && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(standIn.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: [`${karen}|2026`] }]);
  });

  it('tax-unreachable: a refused connection is "unavailable"', async () => {
    const closed = await startTaxStandIn({ population });
    await closed.close();
    const nobody = clientFor(closed.url);
    await expect(nobody.getPreliminaryAssessments(2026, [karen])).rejects.toMatchObject({ kind: 'unavailable' });
    nobody.close();
  });
});

describe('TaxSoapClient against a wire-level fake', () => {
  let reply: { status: number; body: string };
  let fake: http.Server;
  let fakeClient: TaxSoapClient;
  beforeAll(async () => {
    fake = http.createServer((_, res) => res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body));
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeClient = clientFor(`http://127.0.0.1:${(fake.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    fakeClient.close();
    await new Promise((resolve) => fake.close(resolve));
  });

  const soap = (body: string) => `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>${body}</S:Body></S:Envelope>`;

  it.each([
    ['HTML with 200', 200, '<html>maintenance</html>', 'bad-response'],
    ['HTML with 503 (a proxy)', 503, '<html>Service Unavailable</html>', 'unavailable'],
    ['the wrong response element', 200, soap('<GetAnnualStatementsResponse/>'), 'bad-response'],
    [
      'a record lacking an element',
      200,
      soap('<GetPreliminaryAssessmentsResponse><PreliminaryAssessment><CPR>0407681258</CPR></PreliminaryAssessment></GetPreliminaryAssessmentsResponse>'),
      'bad-response',
    ],
    ['a Server fault with a subcode', 500, soap('<S:Fault><faultcode>S:Server.Overloaded</faultcode><faultstring>busy</faultstring></S:Fault>'), 'unavailable'],
    ['a Client fault without detail', 500, soap('<S:Fault><faultcode>S:Client</faultcode><faultstring>no</faultstring></S:Fault>'), 'fault'],
  ])('%s (HTTP %i) is "%s"', async (_, status, body, kind) => {
    reply = { status, body };
    const failure = await fakeClient.getPreliminaryAssessments(2026, [karen]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LegacyError);
    expect(failure).toMatchObject({ system: 'tax', kind });
  });
});

describe('TaxSoapClient.submitIncomeChange', () => {
  it('files a change whose receipt and next assessment show the new salary, status and time', async () => {
    const receipt = await client.submitIncomeChange({
      cpr: peter,
      year: 2026,
      expectedSalaryOre: 61_234_550n,
      reason: 'promotion',
      clientReference: 'test-promotion',
    });
    expect(receipt).toEqual({
      changeId: expect.stringMatching(/^FS-2026-\d{6}$/),
      cpr: peter,
      incomeYear: 2026,
      expectedSalaryOre: 61_234_550n,
      reason: 'promotion',
      received: '2026-02-03T10:00:00.000Z',
    });
    const after = (await client.getPreliminaryAssessments(2026, [peter])).get(peter);
    expect(after).toMatchObject({ amIndkomst: '612345.50', status: 'B', lastChanged: receipt.received, changeReason: 'promotion' });
    expect(standIn.calls()).toEqual([
      { operation: 'SubmitIncomeChange', keys: [`${peter}|2026`] },
      { operation: 'GetPreliminaryAssessments', keys: [`${peter}|2026`] },
    ]);
  });

  it('xml-injection-in-soap-input: a reason full of markup is filed and read back as the same text', async () => {
    const reason = '</Reason><Injected>true</Injected><Reason>& more';
    const receipt = await client.submitIncomeChange({ cpr: karen, year: 2027, expectedSalaryOre: 40_000_000n, reason, clientReference: 'test-injection' });
    expect(receipt.reason).toBe(reason);
    const after = (await client.getPreliminaryAssessments(2027, [karen])).get(karen);
    expect(after?.changeReason).toBe(reason);
    expect(after).not.toHaveProperty('Injected');
    expect(after?.amIndkomst).toBe('400000');
  });

  it('resent-client-reference: the same clientReference twice gets the same receipt', async () => {
    const change = { cpr: peter, year: 2027, expectedSalaryOre: 55_000_000n, clientReference: 'test-resend' };
    const first = await client.submitIncomeChange(change);
    const again = await client.submitIncomeChange(change);
    expect(again).toEqual(first);
  });

  it("passes the agency's refusal on as a TaxFaultError (child: FS-1005)", async () => {
    await expect(client.submitIncomeChange({ cpr: freja, year: 2026, expectedSalaryOre: 100n, clientReference: 'test-child' })).rejects.toMatchObject({
      kind: 'fault',
      agencyCode: 'FS-1005',
    });
  });

  it('refuses a negative salary, or a reason XML cannot carry, before calling the agency', async () => {
    const change = { cpr: karen, year: 2026, expectedSalaryOre: 100n, clientReference: 'test-refused' };
    await expect(client.submitIncomeChange({ ...change, expectedSalaryOre: -1n })).rejects.toThrow(RangeError);
    await expect(client.submitIncomeChange({ ...change, reason: 'bell \u0007' })).rejects.toThrow('control characters');
    await expect(client.submitIncomeChange({ ...change, clientReference: 'no spaces please' })).rejects.toThrow('clientReference');
    expect(standIn.calls()).toEqual([]);
  });
});
