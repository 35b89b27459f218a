import { XMLParser } from 'fast-xml-parser';
import type { DraftedClient } from './draft';
import { commentText, propertyName } from './draft';
import { camelCase, pascalCase, type SystemNames } from './names';

// biome-ignore lint/suspicious/noExplicitAny: a parsed WSDL is untyped; every value read is checked or stringified
type Node = Record<string, any>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (tag) => ['element', 'complexType', 'simpleType', 'message', 'part', 'operation', 'portType', 'schema', 'enumeration'].includes(tag),
});

interface Field {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly doc: string;
}

/**
 * soapOperations.ts from a WSDL 1.1 (document/literal): an interface per element and named complex
 * type of its schema, and a class with one method per portType operation that sends the input
 * element through the client's call() (envelope, SOAPAction, faults) and returns the output element
 * as read. Operations whose names start with a reading verb (Get, Find, Lookup, Search, List, and the Danish Hent, Laes) read
 * (retried on failure); the others write (sent once).
 */
export function draftFromWsdl(text: string, names: SystemNames, source: string): DraftedClient {
  if (/<!DOCTYPE/i.test(text)) throw new Error(`onboard: ${source} has a document type declaration; a WSDL needs none`);
  const document = parser.parse(text) as Node;
  const definitions = document.definitions as Node | undefined;
  if (!definitions) throw new Error(`onboard: ${source} is not a WSDL 1.1 document (no definitions element)`);
  const schemas: Node[] = (definitions.types?.schema ?? []) as Node[];
  const simpleTypes = new Map<string, string>();
  const interfaces: string[] = [];
  const declared = new Set<string>();
  const declare = (name: string, text: () => string) => {
    if (declared.has(name)) return;
    declared.add(name);
    interfaces.push(text());
  };
  for (const schema of schemas) {
    for (const simple of schema.simpleType ?? []) simpleTypes.set(simple['@_name'], simpleTypeOf(simple));
  }
  for (const schema of schemas) {
    for (const complex of schema.complexType ?? [])
      declare(pascalCase(complex['@_name']), () => interfaceFor(pascalCase(complex['@_name']), complex, simpleTypes, complex.annotation?.documentation));
    for (const element of schema.element ?? []) {
      const name = pascalCase(element['@_name']);
      const complex = element.complexType?.[0];
      if (complex) declare(name, () => interfaceFor(name, complex, simpleTypes, element.annotation?.documentation));
      else if (element['@_type'] && pascalCase(localName(element['@_type'])) !== name)
        declare(name, () => `export type ${name} = ${typeOf(element['@_type'], simpleTypes)};`);
    }
  }
  const messages = new Map<string, string>();
  for (const message of definitions.message ?? []) {
    const part = message.part?.[0];
    if (part?.['@_element']) messages.set(message['@_name'], localName(part['@_element']));
  }
  const operations = (definitions.portType ?? []).flatMap((portType: Node) =>
    (portType.operation ?? []).map((operation: Node) => {
      const name: string = operation['@_name'];
      const input = messages.get(localName(operation.input?.['@_message'] ?? ''));
      const output = messages.get(localName(operation.output?.['@_message'] ?? ''));
      return {
        name,
        input,
        output,
        doc: commentText(operation.documentation ?? ''),
        kind: /^(Get|Find|Lookup|Search|List|Fetch|Query|Hent|Laes|Find)/.test(name) ? 'read' : 'write',
      };
    }),
  ) as { name: string; input?: string; output?: string; doc: string; kind: 'read' | 'write' }[];
  if (operations.length === 0) throw new Error(`onboard: ${source} has no portType operations`);
  const className = `${names.pascal}SoapOperations`;
  const title = commentText(definitions['@_name'] ?? source);
  const methods = operations
    .map(
      (op) => `
  /** ${op.doc || op.name} (${op.input ?? 'no input element'} -> ${op.output ?? 'no output element'}; ${op.kind === 'read' ? 'a read: retried on failure' : 'a write: sent once'}). */
  ${camelCase(op.name)}(input: ${op.input ? pascalCase(op.input) : 'Record<string, unknown>'}): Promise<SoapNode> {
    return this.call(${JSON.stringify(op.name)}, input as unknown as Record<string, unknown>, '${op.kind}');
  }
`,
    )
    .join('');
  const file = `import type { CallKind } from '../../platform';
import type { SoapNode } from './${names.name}Client';

/**
 * Drafted by \`npm run onboard -- ${names.name} --protocol soap --from ${source}\` from the WSDL "${title}":
 * the service's elements as interfaces, and its operations on the client's call() (envelope,
 * SOAPAction, faults, retries of reads). An answer comes back as read (SoapNode: text, or children
 * by local name); the interfaces say what it holds, and mapping.ts checks it before the graph shows
 * it. To serve a Citizen field from an operation, call it from a client method that takes many CPR
 * numbers (see records() in ${names.name}Client.ts) and add a loader. The file is the agency's to edit.
 */

${interfaces.join('\n\n')}

export class ${className} {
  constructor(private readonly call: (operation: string, body: Record<string, unknown>, kind: CallKind) => Promise<SoapNode>) {}
${methods}}
`;
  return { files: { 'soapOperations.ts': file }, operations: operations.map((o) => camelCase(o.name)) };
}

function interfaceFor(name: string, complex: Node, simpleTypes: Map<string, string>, documentation: unknown): string {
  const fields: Field[] = (complex.sequence?.element ?? complex.all?.element ?? []).map((element: Node) => {
    const many = element['@_maxOccurs'] === 'unbounded' || Number(element['@_maxOccurs'] ?? 1) > 1;
    const inner = element.complexType?.[0]
      ? `{ ${(element.complexType[0].sequence?.element ?? []).map((e: Node) => `readonly ${propertyName(e['@_name'])}?: ${typeOf(e['@_type'], simpleTypes)}`).join('; ')} }`
      : typeOf(element['@_type'], simpleTypes);
    return {
      name: element['@_name'] ?? localName(element['@_ref'] ?? 'value'),
      type: many ? `readonly ${wrap(inner)}[]` : inner,
      optional: element['@_minOccurs'] === '0',
      doc: commentText(element.annotation?.documentation ?? ''),
    };
  });
  const doc = commentText(documentation ?? '');
  const body = fields.map((f) => `${f.doc ? `  /** ${f.doc} */\n` : ''}  readonly ${propertyName(f.name)}${f.optional ? '?' : ''}: ${f.type};`).join('\n');
  return `${doc ? `/** ${doc} */\n` : ''}export interface ${name} {\n${body}${body ? '\n' : ''}}`;
}

/** xsd simple types as TypeScript: everything travels as text in the envelope, numbers and dates too. */
function typeOf(qualified: string | undefined, simpleTypes: Map<string, string>): string {
  if (!qualified) return 'string';
  const name = localName(qualified);
  if (simpleTypes.has(name)) return simpleTypes.get(name)!;
  if (
    /^(string|token|normalizedString|date|dateTime|time|decimal|integer|int|long|short|nonNegativeInteger|positiveInteger|boolean|base64Binary|anyURI)$/.test(
      name,
    )
  ) {
    return name === 'boolean' ? "'true' | 'false'" : 'string';
  }
  return pascalCase(name);
}

function simpleTypeOf(simple: Node): string {
  const values = (simple.restriction?.enumeration ?? []).map((e: Node) => JSON.stringify(String(e['@_value'])));
  return values.length > 0 ? values.join(' | ') : 'string';
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}
