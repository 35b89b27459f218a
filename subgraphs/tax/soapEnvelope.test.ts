import { buildSoapEnvelope, childText, children, parseSoapEnvelope, SoapParseError } from './soapEnvelope';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('buildSoapEnvelope', () => {
  it('wraps the children in a SOAP 1.1 envelope, qualified by the service namespace', () => {
    const xml = buildSoapEnvelope('GetPreliminaryAssessments', 'urn:skat:forskud:2011', {
      IncomeYear: 2026,
      CPR: ['1203382258', '0407681258'],
      Reason: undefined,
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soap:Envelope xmlns:soap="${SOAP11}" xmlns:ns="urn:skat:forskud:2011"><soap:Body>` +
        '<ns:GetPreliminaryAssessments><ns:IncomeYear>2026</ns:IncomeYear><ns:CPR>1203382258</ns:CPR><ns:CPR>0407681258</ns:CPR></ns:GetPreliminaryAssessments>' +
        '</soap:Body></soap:Envelope>',
    );
  });

  it('xml-injection-in-soap-input: escapes markup in values, so it reads back as the same text', () => {
    const reason = '</Reason><Injected>yes</Injected><Reason>& "quoted" \'too\'';
    const xml = buildSoapEnvelope('SubmitIncomeChange', 'urn:x', { Reason: reason });
    expect(xml).not.toContain('<Injected>');
    const parsed = parseSoapEnvelope(xml);
    expect(parsed).toEqual({ kind: 'body', element: 'SubmitIncomeChange', content: { Reason: reason } });
  });
});

describe('parseSoapEnvelope', () => {
  it('reads the body element by local name, whatever the prefixes', () => {
    const xml =
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}"><SOAP-ENV:Header/><SOAP-ENV:Body>` +
      '<ns2:GetAnnualStatementsResponse xmlns:ns2="urn:skat:forskud:2011"><ns2:AnnualStatement><ns2:CPR>0209144200</ns2:CPR><ns2:TaxPaid>0012.50</ns2:TaxPaid></ns2:AnnualStatement>' +
      '<ns2:AnnualStatement><ns2:CPR>1203382258</ns2:CPR></ns2:AnnualStatement></ns2:GetAnnualStatementsResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    const parsed = parseSoapEnvelope(xml);
    expect(parsed.kind).toBe('body');
    if (parsed.kind !== 'body') return;
    expect(parsed.element).toBe('GetAnnualStatementsResponse');
    const statements = children(parsed.content, 'AnnualStatement');
    // Text stays text: leading zeros of CPR numbers and amounts survive.
    expect(statements.map((s) => childText(s, 'CPR'))).toEqual(['0209144200', '1203382258']);
    expect(childText(statements[0], 'TaxPaid')).toBe('0012.50');
  });

  it('accepts a default namespace on the envelope and on the payload', () => {
    const xml = `<Envelope xmlns="${SOAP11}"><Body><R xmlns="urn:skat:forskud:2011"><CPR>1203382258</CPR></R></Body></Envelope>`;
    expect(parseSoapEnvelope(xml)).toEqual({ kind: 'body', element: 'R', content: { CPR: '1203382258' } });
  });

  it('reads a fault with an env: prefix, its faultcode local part and its detail', () => {
    const xml =
      `<env:Envelope xmlns:env="${SOAP11}"><env:Body><env:Fault><faultcode>env:Client</faultcode>` +
      '<faultstring>income year 2019 is not available</faultstring><detail><fs:AgencyError xmlns:fs="urn:skat:forskud:2011">' +
      '<fs:Code>FS-1001</fs:Code><fs:Message>no</fs:Message></fs:AgencyError></detail></env:Fault></env:Body></env:Envelope>';
    expect(parseSoapEnvelope(xml)).toEqual({
      kind: 'fault',
      fault: { faultcode: 'Client', faultstring: 'income year 2019 is not available', detail: { AgencyError: { Code: 'FS-1001', Message: 'no' } } },
    });
  });

  it('keeps a dotted faultcode subcode and allows a fault without detail', () => {
    const xml =
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server.Busy</faultcode>` +
      '<faultstring>try later</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    expect(parseSoapEnvelope(xml)).toEqual({ kind: 'fault', fault: { faultcode: 'Server.Busy', faultstring: 'try later' } });
  });

  it.each([
    ['HTML from a proxy', '<html><body>Bad gateway</body></html>', 'root element is not Envelope'],
    ['JSON', '{"error":"nope"}', 'not well-formed'],
    ['an empty answer', '', 'not well-formed'],
    ['broken XML', `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><a></soap:Body>`, 'not well-formed'],
    ['a SOAP 1.2 envelope', '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><R/></e:Body></e:Envelope>', 'SOAP 1.1 namespace'],
    ['an undeclared prefix', '<soap:Envelope><soap:Body><R/></soap:Body></soap:Envelope>', 'SOAP 1.1 namespace'],
    ['no Body', `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Header/></soap:Envelope>`, 'no Body'],
    ['two body elements', `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><A/><B/></soap:Body></soap:Envelope>`, 'exactly one element'],
    [
      'a fault without faultstring',
      `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode></soap:Fault></soap:Body></soap:Envelope>`,
      'lacks faultcode or faultstring',
    ],
    [
      'a DTD with entities',
      `<!DOCTYPE e [<!ENTITY x "xxxxxxxx">]><soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><R>&x;</R></soap:Body></soap:Envelope>`,
      'document type declaration',
    ],
  ])('refuses %s with a SoapParseError saying why', (_, xml, reason) => {
    expect(() => parseSoapEnvelope(xml)).toThrow(SoapParseError);
    expect(() => parseSoapEnvelope(xml)).toThrow(reason);
  });
});
