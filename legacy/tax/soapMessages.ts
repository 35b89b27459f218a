import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { StandInResponse } from '../kit/standIn';

/** The agency's side of SOAP 1.1: reading request envelopes, writing responses and faults. */

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TAX_NS = 'urn:skat:forskud:2011';

/** An XML element's content with namespace prefixes and attributes removed. */
export type XmlContent = string | { readonly [localName: string]: XmlContent | readonly XmlContent[] };

export interface SoapRequest {
  /** Local name of the body's element, e.g. "GetPreliminaryAssessments". */
  readonly operation: string;
  readonly payload: XmlContent;
}

export type FaultCode = 'VersionMismatch' | 'Client' | 'Server';

/** A fault to send back; `agencyCode` goes into detail/AgencyError. */
export class SoapFault extends Error {
  constructor(
    readonly faultcode: FaultCode,
    readonly faultstring: string,
    readonly agencyCode?: string,
  ) {
    super(faultstring);
    this.name = 'SoapFault';
  }
}

// parseTagValue off: CPR numbers and amounts must stay the text the caller wrote.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** Reads a SOAP 1.1 request envelope; throws SoapFault for anything else. */
export function readSoapRequest(xml: string): SoapRequest {
  // SOAP 1.1 section 3: a message MUST NOT contain a DTD (this also shuts out entity expansion).
  if (/<!DOCTYPE/i.test(xml)) throw new SoapFault('Client', 'a SOAP message must not contain a document type declaration', 'FS-1000');
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new SoapFault('Client', `request is not well-formed XML: ${(error as Error).message}`, 'FS-1000');
  }
  const rootName = Object.keys(document).find((key) => !key.startsWith('?'));
  const root = rootName ? document[rootName] : undefined;
  if (!rootName || localName(rootName) !== 'Envelope' || !isElement(root)) {
    throw new SoapFault('Client', 'request is not a SOAP envelope', 'FS-1000');
  }
  if (namespaceOf(rootName, [root]) !== SOAP_ENVELOPE_NS) {
    throw new SoapFault('VersionMismatch', `only SOAP 1.1 envelopes (${SOAP_ENVELOPE_NS}) are understood`, 'FS-1000');
  }
  const bodyName = Object.keys(root).find((key) => localName(key) === 'Body');
  const body = bodyName ? root[bodyName] : undefined;
  if (!bodyName || !isElement(body) || namespaceOf(bodyName, [body, root]) !== SOAP_ENVELOPE_NS) {
    throw new SoapFault('Client', 'the envelope has no soap:Body', 'FS-1000');
  }
  const operations = Object.keys(body).filter((key) => !key.startsWith('@_') && key !== '#text');
  if (operations.length !== 1) throw new SoapFault('Client', 'soap:Body must hold exactly one element', 'FS-1000');
  return { operation: localName(operations[0]), payload: stripNamespaces(body[operations[0]]) as XmlContent };
}

/** HTTP 200 with `<fs:{operation}Response>` holding the content (local names; values escaped by the builder). */
export function soapResponse(operation: string, content: Record<string, unknown>): StandInResponse {
  return xmlResponse(200, { [`fs:${operation}Response`]: prefixed(content, 'fs') });
}

/** HTTP 500 with a soap:Fault, as SOAP 1.1 over HTTP requires for every fault. */
export function soapFault(fault: SoapFault): StandInResponse {
  const detail = fault.agencyCode ? { detail: { 'fs:AgencyError': { 'fs:Code': fault.agencyCode, 'fs:Message': fault.faultstring } } } : {};
  return xmlResponse(500, { 'soap:Fault': { faultcode: `soap:${fault.faultcode}`, faultstring: fault.faultstring, ...detail } });
}

/** One or many occurrences of an element as a list. */
export function list(value: XmlContent | readonly XmlContent[] | undefined): readonly XmlContent[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as XmlContent];
}

/** The text of a child element, or undefined when absent or not text. */
export function childText(content: XmlContent, name: string): string | undefined {
  if (typeof content === 'string') return undefined;
  const child = content[name];
  return typeof child === 'string' ? child : undefined;
}

function xmlResponse(status: number, body: Record<string, unknown>): StandInResponse {
  const envelope = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, '@_xmlns:fs': TAX_NS, 'soap:Body': body },
  };
  return { status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: builder.build(envelope) as string };
}

function prefixed(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => prefixed(item, prefix));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [`${prefix}:${key}`, prefixed(child, prefix)]));
}

function stripNamespaces(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNamespaces);
  if (!isElement(value)) return value === undefined || value === null ? '' : String(value);
  const entries = Object.entries(value).filter(([key]) => !key.startsWith('@_'));
  if (entries.length === 1 && entries[0][0] === '#text') return String(entries[0][1]);
  return Object.fromEntries(entries.filter(([key]) => key !== '#text').map(([key, child]) => [localName(key), stripNamespaces(child)]));
}

function isElement(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** Resolves an element's prefix against xmlns declarations on it and its ancestors (innermost first). */
function namespaceOf(qualified: string, scopes: readonly Record<string, unknown>[]): string | undefined {
  const colon = qualified.indexOf(':');
  const attribute = colon < 0 ? '@_xmlns' : `@_xmlns:${qualified.slice(0, colon)}`;
  for (const scope of scopes) {
    if (typeof scope[attribute] === 'string') return scope[attribute] as string;
  }
  return undefined;
}
