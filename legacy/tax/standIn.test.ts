import { PinnedClock } from '../../platform/clock';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { generatePopulation, personaCpr } from '../population';
import { childText, list, readSoapRequest, type XmlContent } from './soapMessages';
import { startTaxStandIn, type RunningTaxStandIn } from './standIn';

const population = generatePopulation();
const karen = personaCpr('karen');
const ingrid = personaCpr('ingrid');
const freja = personaCpr('freja');

let standIn: RunningTaxStandIn;
beforeAll(async () => {
  standIn = await startTaxStandIn({ population, clock: new PinnedClock('2026-02-03T10:00:00.000Z') });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.resetCalls();
  standIn.setFaults({ down: false, errorRate: 0 });
});

/** A request envelope from trusted test constants (the injection tests write theirs by hand). */
function envelope(operation: string, inner: string, prefix = 'soap'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>` +
    `<${operation} xmlns="urn:skat:forskud:2011">${inner}</${operation}></${prefix}:Body></${prefix}:Envelope>`
  );
}

async function post(body: string, soapAction: string | null): Promise<{ status: number; operation: string; payload: XmlContent; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
  if (soapAction !== null) headers.SOAPAction = `"${soapAction}"`;
  const response = await fetch(`${standIn.url}/tax`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, ...readSoapRequest(text) };
}

const action = (operation: string) => `urn:skat:forskud:2011/${operation}`;
const batch = (year: number, cprs: string[]) => `<IncomeYear>${year}</IncomeYear>${cprs.map((c) => `<CPR>${c}</CPR>`).join('')}`;
function agencyCode(fault: XmlContent): string | undefined {
  const detail = typeof fault === 'string' ? undefined : fault.detail;
  const error = detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, XmlContent>).AgencyError : undefined;
  return error ? childText(error, 'Code') : undefined;
}

describe('tax stand-in: WSDL', () => {
  it('serves the checked-in tax.wsdl at GET /tax?wsdl with its own address', async () => {
    const response = await fetch(`${standIn.url}/tax?wsdl`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/xml');
    const served = await response.text();
    const checkedIn = readFileSync(path.join(__dirname, 'tax.wsdl'), 'utf8');
    expect(served).toBe(checkedIn.replace('location="http://127.0.0.1:5002/tax"', `location="${standIn.url}/tax"`));
    const wsdl = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(served);
    expect(wsdl.definitions['@_targetNamespace']).toBe('urn:skat:forskud:2011');
    expect(wsdl.definitions.binding.operation.map((o: { operation: { '@_soapAction': string } }) => o.operation['@_soapAction'])).toEqual(
      ['GetPreliminaryAssessments', 'GetAnnualStatements', 'SubmitIncomeChange'].map(action),
    );
  });
});

describe('tax stand-in: reads', () => {
  it('answers GetPreliminaryAssessments per CPR, NotFound for a child, and records one call', async () => {
    const result = await post(envelope('GetPreliminaryAssessments', batch(2026, [ingrid, freja, karen])), action('GetPreliminaryAssessments'));
    expect(result.status).toBe(200);
    expect(result.operation).toBe('GetPreliminaryAssessmentsResponse');
    const payload = result.payload as Record<string, XmlContent>;
    expect(list(payload.PreliminaryAssessment).map((a) => childText(a, 'CPR'))).toEqual([ingrid, karen]);
    expect(list(payload.NotFound).map((n) => childText(n, 'CPR'))).toEqual([freja]);
    expect(childText(list(payload.PreliminaryAssessment)[0], 'AMIndkomst')).toBe('0');
    expect(childText(list(payload.PreliminaryAssessment)[0], 'Pension')).toMatch(/^\d+$/);
    expect(standIn.calls()).toEqual([{ operation: 'GetPreliminaryAssessments', keys: [`${ingrid}|2026`, `${freja}|2026`, `${karen}|2026`] }]);
  });

  it('writes annual statements in kroner with øre, settled as ResidualTax, Refund or neither when balanced', async () => {
    const ore = (text: string | undefined) => (text === undefined ? 0 : Math.round(Number(text) * 100));
    const outcomes = new Set<string>();
    for (const year of [2020, 2021, 2022, 2023, 2024, 2025]) {
      const result = await post(envelope('GetAnnualStatements', batch(year, [karen, ingrid])), action('GetAnnualStatements'));
      for (const statement of list((result.payload as Record<string, XmlContent>).AnnualStatement)) {
        expect(childText(statement, 'TaxPaid')).toMatch(/^\d+\.\d{2}$/);
        const due = ore(childText(statement, 'TaxDue'));
        const paid = ore(childText(statement, 'TaxPaid'));
        const residual = childText(statement, 'ResidualTax');
        const refund = childText(statement, 'Refund');
        expect(ore(residual) - ore(refund)).toBe(due - paid);
        outcomes.add(residual ? 'residual' : refund ? 'refund' : 'balanced');
      }
    }
    expect([...outcomes].sort()).toEqual(['balanced', 'refund', 'residual']);
  });

  it('accepts other envelope prefixes (SOAP-ENV:) and an empty SOAPAction', async () => {
    const result = await post(envelope('GetPreliminaryAssessments', batch(2025, [karen]), 'SOAP-ENV'), '');
    expect(result.status).toBe(200);
    expect(list((result.payload as Record<string, XmlContent>).PreliminaryAssessment)).toHaveLength(1);
  });
});

describe('tax stand-in: faults', () => {
  it.each([
    ['a year it does not keep', envelope('GetAnnualStatements', batch(2019, [karen])), action('GetAnnualStatements'), 'FS-1001'],
    ['more than 100 CPR numbers', envelope('GetPreliminaryAssessments', batch(2026, Array(101).fill(karen))), action('GetPreliminaryAssessments'), 'FS-1002'],
    ['a malformed CPR number', envelope('GetPreliminaryAssessments', batch(2026, ['12345'])), action('GetPreliminaryAssessments'), 'FS-1003'],
    ['a SOAPAction naming another operation', envelope('GetPreliminaryAssessments', batch(2026, [karen])), action('GetAnnualStatements'), 'FS-1004'],
    ['a missing SOAPAction header', envelope('GetPreliminaryAssessments', batch(2026, [karen])), null, 'FS-1004'],
    [
      'XML that is not well-formed',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>',
      action('GetPreliminaryAssessments'),
      'FS-1000',
    ],
    [
      'a document type declaration',
      `<!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope('GetPreliminaryAssessments', batch(2026, [karen]))}`,
      action('GetPreliminaryAssessments'),
      'FS-1000',
    ],
  ])('refuses %s with HTTP 500, faultcode Client and an agency code', async (_, body, soapAction, code) => {
    const result = await post(body, soapAction);
    expect(result.status).toBe(500);
    expect(result.operation).toBe('Fault');
    expect(childText(result.payload, 'faultcode')).toBe('soap:Client');
    expect(agencyCode(result.payload)).toBe(code);
  });

  it('answers a SOAP 1.2 envelope with VersionMismatch', async () => {
    const soap12 = '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><GetPreliminaryAssessments/></env:Body></env:Envelope>';
    const result = await post(soap12, action('GetPreliminaryAssessments'));
    expect(childText(result.payload, 'faultcode')).toBe('soap:VersionMismatch');
  });

  it('when down, answers HTTP 500 with soap:Server "Service temporarily unavailable"', async () => {
    standIn.setFaults({ down: true });
    const result = await post(envelope('GetPreliminaryAssessments', batch(2026, [karen])), action('GetPreliminaryAssessments'));
    expect(result.status).toBe(500);
    expect(childText(result.payload, 'faultcode')).toBe('soap:Server');
    expect(childText(result.payload, 'faultstring')).toBe('Service temporarily unavailable');
  });
});

describe('tax stand-in: SubmitIncomeChange', () => {
  const submit = (reasonXml: string) =>
    envelope(
      'SubmitIncomeChange',
      `<CPR>${karen}</CPR><IncomeYear>2027</IncomeYear><ExpectedAMIndkomst>455000.50</ExpectedAMIndkomst><Reason>${reasonXml}</Reason>`,
    );

  it('xml-injection-in-soap-input: an escaped reason stays text, in the receipt and on the assessment', async () => {
    const receipt = await post(submit('&lt;/Reason&gt;&lt;Injected&gt;x&lt;/Injected&gt;'), action('SubmitIncomeChange'));
    expect(receipt.status).toBe(200);
    const echoed = (receipt.payload as Record<string, XmlContent>).Receipt as Record<string, XmlContent>;
    expect(echoed.Reason).toBe('</Reason><Injected>x</Injected>');
    expect(echoed).not.toHaveProperty('Injected');
    expect(receipt.text).not.toContain('<Injected>');

    const after = await post(envelope('GetPreliminaryAssessments', batch(2027, [karen])), action('GetPreliminaryAssessments'));
    const assessment = list((after.payload as Record<string, XmlContent>).PreliminaryAssessment)[0] as Record<string, XmlContent>;
    expect(assessment).toMatchObject({
      AMIndkomst: '455000.50',
      Status: 'B',
      LastChanged: '2026-02-03T10:00:00.000Z',
      ChangeReason: '</Reason><Injected>x</Injected>',
    });
    expect(assessment).not.toHaveProperty('Injected');
  });

  it('xml-injection-in-soap-input: an unescaped reason is refused as malformed, and nothing is stored', async () => {
    const before = await post(envelope('GetPreliminaryAssessments', batch(2025, [karen])), action('GetPreliminaryAssessments'));
    const injected = envelope(
      'SubmitIncomeChange',
      `<CPR>${karen}</CPR><IncomeYear>2025</IncomeYear><ExpectedAMIndkomst>1</ExpectedAMIndkomst><Reason></Reason><Injected>`,
    );
    const refused = await post(injected, action('SubmitIncomeChange'));
    expect(agencyCode(refused.payload)).toBe('FS-1000');
    const after = await post(envelope('GetPreliminaryAssessments', batch(2025, [karen])), action('GetPreliminaryAssessments'));
    expect(after.payload).toEqual(before.payload);
  });

  it('resent-client-reference: a resend with the same ClientReference gets the first receipt, and only one change is filed', async () => {
    const body = (amount: string) =>
      envelope(
        'SubmitIncomeChange',
        `<CPR>${karen}</CPR><IncomeYear>2026</IncomeYear><ExpectedAMIndkomst>${amount}</ExpectedAMIndkomst><ClientReference>tax-ref-0001</ClientReference>`,
      );
    const before = standIn.incomeChanges().length;
    const first = await post(body('470000'), action('SubmitIncomeChange'));
    const again = await post(body('470000'), action('SubmitIncomeChange'));
    expect(first.status).toBe(200);
    const receipt = (first.payload as Record<string, XmlContent>).Receipt as Record<string, XmlContent>;
    expect(receipt).toMatchObject({ ClientReference: 'tax-ref-0001', ExpectedAMIndkomst: '470000' });
    expect(again.payload).toEqual(first.payload);
    expect(standIn.incomeChanges().length).toBe(before + 1);

    const reused = await post(body('480000'), action('SubmitIncomeChange'));
    expect(agencyCode(reused.payload)).toBe('FS-1008');
    expect(standIn.incomeChanges().length).toBe(before + 1);
  });

  it('refuses a malformed ClientReference with FS-1000 and files nothing', async () => {
    const before = standIn.incomeChanges().length;
    const refused = await post(
      envelope(
        'SubmitIncomeChange',
        `<CPR>${karen}</CPR><IncomeYear>2026</IncomeYear><ExpectedAMIndkomst>1</ExpectedAMIndkomst><ClientReference>has space</ClientReference>`,
      ),
      action('SubmitIncomeChange'),
    );
    expect(agencyCode(refused.payload)).toBe('FS-1000');
    expect(standIn.incomeChanges().length).toBe(before);
  });
});
