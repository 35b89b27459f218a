import { clientClassName, type ProtocolTemplate } from './protocol';
import { httpProtocol, httpStandInTs } from './httpCommon';
import type { ScaffoldPlan } from './subgraph';

/** SOAP 1.1, document/literal: GetRecords takes many CPR numbers; SubmitFiling one, with a ClientReference. */
export const SOAP: ProtocolTemplate = httpProtocol({ clientTs, standInTs, lookupOperation: 'GetRecords', filingOperation: 'SubmitFiling' });

export function soapNamespace(name: string): string {
  return `urn:${name}:stand-in:2024`;
}

function clientTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  const hasDrafted = plan.drafted.length > 0;
  return `import type { AxiosResponse } from 'axios';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { type CallKind, LegacyError, type LegacyHttp } from '../../platform';
import { ${upper}_SYSTEM } from './mapping';
import type { ${pascal}LegacyRecord, ${pascal}Receipt, ${pascal}Submission } from './records';${
    hasDrafted
      ? `
import { ${pascal}SoapOperations } from './soapOperations';`
      : ''
  }

/** The service contract: namespace, endpoint path, the most CPR numbers per call. */
export const ${upper}_NAMESPACE = '${soapNamespace(name)}';
export const ${upper}_PATH = '/${name}';
export const ${upper}_MAX_BATCH = 100;

const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
// parseTagValue off: CPR numbers and codes stay the exact text the system wrote.
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** An element's content with prefixes removed: text, or children by local name (repeats as arrays). */
export type SoapNode = string | { readonly [name: string]: SoapNode | readonly SoapNode[] };

/**
 * The one client for the ${name} system's SOAP 1.1 service, on the injected transport (LegacyHttp:
 * axios on the shared keep-alive agent, timeouts, retries of reads, circuit breaker, metrics).
 *   GetRecords    CPR*                    -> GetRecordsResponse  Record* { CPR, Status, Since, Municipality }
 *   SubmitFiling  CPR, ClientReference    -> SubmitFilingResponse Receipt { Reference, CPR, Status, Received }
 * A Client fault is LegacyError 'fault'; a Server fault or HTTP 5xx without a fault 'unavailable';
 * anything unreadable 'bad-response'. A Client fault does not open the breaker (SOAP sends every fault as 500).
 */
export class ${client} {
  private readonly http: LegacyHttp;${
    hasDrafted
      ? `
  /**
   * The operations drafted from the agency's WSDL (soapOperations.ts), on this client's transport:
   * ${plan.drafted.join(', ')}. To serve a field from one, call it in a method that takes many CPR
   * numbers (as records() does) and return the records in records.ts's shapes.
   */
  readonly operations: ${pascal}SoapOperations;`
      : ''
  }

  constructor(options: { readonly http: LegacyHttp }) {
    this.http = options.http;
    if (this.http.system !== ${upper}_SYSTEM) throw new Error(\`${client}: the LegacyHttp must be for system "\${${upper}_SYSTEM}", got "\${this.http.system}"\`);${
      hasDrafted
        ? `
    this.operations = new ${pascal}SoapOperations((operation, body, kind) => this.call(operation, body, kind));`
        : ''
    }
  }

  /** Records by CPR number, in calls of at most ${upper}_MAX_BATCH; citizens without one are absent from the map. */
  async records(cprs: readonly string[]): Promise<Map<string, ${pascal}LegacyRecord>> {
    const found = new Map<string, ${pascal}LegacyRecord>();
    const chunks: string[][] = [];
    for (let i = 0; i < cprs.length; i += ${upper}_MAX_BATCH) chunks.push(cprs.slice(i, i + ${upper}_MAX_BATCH));
    await Promise.all(chunks.map(async (chunk) => {
      const content = await this.call('GetRecords', { CPR: chunk }, 'read');
      for (const node of children(content, 'Record')) {
        const v = required(node, 'Record', ['CPR', 'Status', 'Since', 'Municipality']);
        found.set(v.CPR, { cpr: v.CPR, status: v.Status, since: v.Since, municipality: v.Municipality });
      }
    }));
    return found;
  }

  /** Files once per ClientReference: the same reference answers with the first receipt. Never retried. */
  async submit(submission: ${pascal}Submission): Promise<${pascal}Receipt> {
    const content = await this.call('SubmitFiling', { CPR: submission.cpr, ClientReference: submission.clientReference }, 'write');
    const receipt = children(content, 'Receipt')[0];
    const v = required(receipt, 'Receipt', ['Reference', 'CPR', 'Status', 'Received']);
    return { reference: v.Reference, cpr: v.CPR, status: v.Status, received: v.Received };
  }

  close(): void {
    this.http.close();
  }

  /** One operation: the request envelope, the SOAPAction, and the response's one body element (or its fault). */
  async call(operation: string, body: Record<string, unknown>, kind: CallKind): Promise<SoapNode> {
    const response = await this.http.request<string>({
      method: 'POST',
      url: ${upper}_PATH,
      headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: \`"\${${upper}_NAMESPACE}/\${operation}"\` },
      data: envelope(operation, body),
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    }, { kind, systemFailed: isSystemFailure });
    const message = readEnvelope(response);
    if ('fault' in message) {
      const { faultcode, faultstring } = message.fault;
      throw new LegacyError(${upper}_SYSTEM, faultcode.split('.')[0] === 'Server' ? 'unavailable' : 'fault', \`faultcode \${faultcode}: \${faultstring}\`, response.status);
    }
    if (response.status >= 300) throw new LegacyError(${upper}_SYSTEM, response.status >= 500 ? 'unavailable' : 'bad-response', \`HTTP \${response.status} with a SOAP body\`, response.status);
    if (message.element !== \`\${operation}Response\`) throw new LegacyError(${upper}_SYSTEM, 'bad-response', \`\${operation} was answered with \${message.element}\`);
    return message.content;
  }
}

/** The request envelope; values go into XML only through the builder, which escapes them. */
function envelope(operation: string, body: Record<string, unknown>): string {
  const prefixed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(prefixed);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [\`ns:\${key}\`, prefixed(child)]));
  };
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, '@_xmlns:ns': ${upper}_NAMESPACE, 'soap:Body': { [\`ns:\${operation}\`]: prefixed(body) } },
  }) as string;
}

type Message = { readonly element: string; readonly content: SoapNode } | { readonly fault: { readonly faultcode: string; readonly faultstring: string } };

function readEnvelope(response: AxiosResponse<string>): Message {
  const xml = typeof response.data === 'string' ? response.data : String(response.data ?? '');
  const unreadable = (why: string) => new LegacyError(${upper}_SYSTEM, response.status >= 500 ? 'unavailable' : 'bad-response', \`not a SOAP 1.1 answer: \${why}\`, response.status);
  if (/<!DOCTYPE/i.test(xml)) throw unreadable('it has a document type declaration');
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw unreadable(\`XML is not well-formed (\${(error as Error).message})\`);
  }
  const body = ((document.Envelope ?? {}) as Record<string, unknown>).Body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw unreadable('no Envelope with a Body');
  const elements = Object.keys(body);
  if (elements.length !== 1) throw unreadable('the Body does not hold exactly one element');
  const content = body[elements[0]] as SoapNode;
  if (elements[0] === 'Fault') {
    const faultcode = String(childText(content, 'faultcode') ?? '').replace(/^.*:/, '');
    return { fault: { faultcode, faultstring: childText(content, 'faultstring') ?? '' } };
  }
  return { element: elements[0], content: content ?? '' };
}

/** HTTP 5xx, except a fault the system blames on the request (faultcode Client). */
function isSystemFailure(response: AxiosResponse): boolean {
  if (response.status < 500) return false;
  return !/<(?:\\w+:)?faultcode>\\s*(?:\\w+:)?Client/.test(String(response.data ?? ''));
}

/** The child elements of that name, as a list (absent: empty). */
export function children(node: SoapNode | undefined, name: string): readonly SoapNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as SoapNode];
}

/** The text of the one child element of that name; undefined when absent, repeated or not text. */
export function childText(node: SoapNode | undefined, name: string): string | undefined {
  const found = children(node, name);
  return found.length === 1 && typeof found[0] === 'string' ? found[0] : undefined;
}

function required<K extends string>(node: SoapNode | undefined, element: string, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const text = childText(node, name);
    if (text === undefined) throw new LegacyError(${upper}_SYSTEM, 'bad-response', \`\${element} lacks \${name}\`);
    values[name] = text;
  }
  return values;
}
`;
}

function standInTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const ns = soapNamespace(name);
  const head = httpStandInTs(
    plan,
    `SOAP 1.1 at POST /${name} (GetRecords, SubmitFiling; the call log names the operation).`,
    "fault('Server', 'Service temporarily unavailable')",
    `import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { StandInRequest, StandInResponse } from '../kit/standIn';

const NAMESPACE = '${ns}';
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, isArray: (tag) => tag === 'CPR' });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
`,
  );
  return `${head}
function route(ledger: ${pascal}Ledger, today: () => string, request: StandInRequest): StandInResponse {
  if (request.url.pathname !== '/${name}' || request.method !== 'POST') return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'POST SOAP 1.1 to /${name}' };
  let body: Record<string, unknown>;
  try {
    const document = parser.parse(request.body.toString('utf8')) as { Envelope?: { Body?: Record<string, unknown> } };
    body = document.Envelope?.Body ?? {};
  } catch {
    return fault('Client', 'Malformed request');
  }
  const [operation] = Object.keys(body);
  const input = (body[operation] ?? {}) as { CPR?: string[]; ClientReference?: string };
  const cprs = (input.CPR ?? []).map(String);
  if (!cprs.every((cpr) => /^\\d{10}$/.test(cpr))) return fault('Client', 'Malformed CPR number');
  switch (operation) {
    case 'GetRecords': {
      if (cprs.length < 1 || cprs.length > 100) return fault('Client', 'From 1 to 100 CPR numbers per call');
      request.record('GetRecords', cprs);
      const Record = cprs.flatMap((cpr) => {
        const row = ledger.record(cpr);
        return row ? [{ CPR: row.cpr, Status: row.status, Since: row.since, Municipality: row.municipality }] : [];
      });
      return answer('GetRecordsResponse', { Record });
    }
    case 'SubmitFiling': {
      const reference = String(input.ClientReference ?? '');
      if (cprs.length !== 1 || !/^[A-Za-z0-9._:-]{1,64}$/.test(reference)) return fault('Client', 'SubmitFiling takes one CPR and a ClientReference');
      request.record('SubmitFiling', cprs);
      const outcome = ledger.file(cprs[0], reference, today());
      if (outcome.kind === 'unknown-citizen') return fault('Client', 'Unknown citizen');
      if (outcome.kind === 'reference-taken') return fault('Client', 'ClientReference already used for another citizen');
      const { reference: Reference, cpr: CPR, status: Status, received: Received } = outcome.filing;
      return answer('SubmitFilingResponse', { Receipt: { Reference, CPR, Status, Received } });
    }
    default:
      return fault('Client', \`Unknown operation \${operation ?? '(none)'}\`);
  }
}

function envelope(content: Record<string, unknown>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': 'http://schemas.xmlsoap.org/soap/envelope/', '@_xmlns': NAMESPACE, 'soap:Body': content },
  }) as string;
}

function answer(element: string, content: Record<string, unknown>): StandInResponse {
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: envelope({ [element]: content }) };
}

function fault(code: 'Client' | 'Server', text: string): StandInResponse {
  return { status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: envelope({ 'soap:Fault': { faultcode: \`soap:\${code}\`, faultstring: text } }) };
}
`;
}
