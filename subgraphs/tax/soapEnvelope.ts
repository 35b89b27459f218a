import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * SOAP 1.1 envelopes, the client's side: building requests, reading responses and faults.
 * Readers are tolerant of prefixes (soap:, SOAP-ENV:, env:, default namespaces) but insist
 * that Envelope and Body are in the SOAP 1.1 namespace. Values are only ever put into XML
 * through the builder, which escapes them.
 */

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** An element's content with namespace prefixes and attributes removed: text, or children by local name. */
export type SoapNode = string | { readonly [localName: string]: SoapNode | readonly SoapNode[] };

export interface SoapFaultInfo {
  /** The faultcode's local part, e.g. "Client", "Server" or "Client.Authentication". */
  readonly faultcode: string;
  readonly faultstring: string;
  readonly detail?: SoapNode;
}

export type SoapMessage =
  | { readonly kind: 'body'; readonly element: string; readonly content: SoapNode }
  | { readonly kind: 'fault'; readonly fault: SoapFaultInfo };

/** The answer was not a SOAP 1.1 envelope; says why. */
export class SoapParseError extends Error {
  constructor(reason: string) {
    super(`not a SOAP 1.1 message: ${reason}`);
    this.name = 'SoapParseError';
  }
}

// parseTagValue off: CPR numbers and amounts must stay the exact text the agency wrote.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/**
 * A request envelope whose body holds `<ns:{element}>` with the given children. Children are
 * local names mapped to values (strings, numbers, nested objects, arrays for repeats); undefined is left out.
 */
export function buildSoapEnvelope(element: string, namespace: string, children: Record<string, unknown>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': {
      '@_xmlns:soap': SOAP_ENVELOPE_NS,
      '@_xmlns:ns': namespace,
      'soap:Body': { [`ns:${element}`]: prefixed(children, 'ns') },
    },
  }) as string;
}

/** Reads a response envelope: the body's one element, or its fault. Throws SoapParseError otherwise. */
export function parseSoapEnvelope(xml: string): SoapMessage {
  // SOAP 1.1 section 3: no DTDs in a message, which also shuts out entity expansion.
  if (/<!DOCTYPE/i.test(xml)) throw new SoapParseError('it contains a document type declaration');
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new SoapParseError(`XML is not well-formed (${(error as Error).message})`);
  }
  const rootName = Object.keys(document).find((key) => !key.startsWith('?'));
  const root = rootName ? document[rootName] : undefined;
  if (!rootName || localName(rootName) !== 'Envelope' || !isElement(root)) throw new SoapParseError('the root element is not Envelope');
  if (namespaceOf(rootName, [root]) !== SOAP_ENVELOPE_NS) throw new SoapParseError('the Envelope is not in the SOAP 1.1 namespace');
  const bodyName = Object.keys(root).find((key) => localName(key) === 'Body');
  const body = bodyName ? root[bodyName] : undefined;
  if (!bodyName || !isElement(body) || namespaceOf(bodyName, [body, root]) !== SOAP_ENVELOPE_NS) throw new SoapParseError('the Envelope has no Body');
  const elements = Object.keys(body).filter((key) => !key.startsWith('@_') && key !== '#text');
  if (elements.length !== 1 || Array.isArray(body[elements[0]])) throw new SoapParseError('the Body does not hold exactly one element');
  const element = localName(elements[0]);
  const content = stripNamespaces(body[elements[0]]);
  return element === 'Fault' ? { kind: 'fault', fault: readFault(content) } : { kind: 'body', element, content };
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

function readFault(content: SoapNode): SoapFaultInfo {
  const faultcode = childText(content, 'faultcode');
  const faultstring = childText(content, 'faultstring');
  if (faultcode === undefined || faultstring === undefined) throw new SoapParseError('the Fault lacks faultcode or faultstring');
  const detail = children(content, 'detail')[0];
  return { faultcode: localName(faultcode), faultstring, ...(detail !== undefined ? { detail } : {}) };
}

function prefixed(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => prefixed(item, prefix));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [`${prefix}:${key}`, prefixed(child, prefix)]));
}

function stripNamespaces(value: unknown): SoapNode {
  if (!isElement(value)) return value === undefined || value === null ? '' : String(value);
  const entries = Object.entries(value).filter(([key]) => !key.startsWith('@_'));
  if (entries.length === 1 && entries[0][0] === '#text') return String(entries[0][1]);
  const result: Record<string, SoapNode | SoapNode[]> = {};
  for (const [key, child] of entries) {
    if (key === '#text') continue;
    result[localName(key)] = Array.isArray(child) ? child.map(stripNamespaces) : stripNamespaces(child);
  }
  return result;
}

function isElement(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** Resolves an element's prefix against xmlns declarations on it and its ancestors, innermost first. */
function namespaceOf(qualified: string, scopes: readonly Record<string, unknown>[]): string | undefined {
  const colon = qualified.indexOf(':');
  const attribute = colon < 0 ? '@_xmlns' : `@_xmlns:${qualified.slice(0, colon)}`;
  for (const scope of scopes) if (typeof scope[attribute] === 'string') return scope[attribute] as string;
  return undefined;
}
