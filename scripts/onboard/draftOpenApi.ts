import YAML from 'yaml';
import type { DraftedClient } from './draft';
import { commentText, propertyName } from './draft';
import { camelCase, pascalCase, type SystemNames } from './names';

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document is untyped JSON; every value read is checked or stringified
type Json = Record<string, any>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface DraftedOperation {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly pathParams: readonly { name: string; type: string }[];
  readonly queryParams: readonly { name: string; type: string; required: boolean }[];
  readonly body?: string;
  readonly response: string;
  readonly kind: 'read' | 'write';
}

/**
 * restOperations.ts from an OpenAPI 3 document: an interface per component schema, and a class with
 * one method per operation (path and query parameters, JSON body, the 2xx answer's type) on the
 * client's LegacyHttp. GET reads (retried); other methods write (never retried) unless the operation
 * says x-read-only: true or its id starts with a reading verb (search, lookup, find, get, list).
 */
export function draftFromOpenApi(text: string, format: 'json' | 'yaml', names: SystemNames, source: string): DraftedClient {
  let document: Json;
  try {
    document = (format === 'json' ? JSON.parse(text) : YAML.parse(text)) as Json;
  } catch (error) {
    throw new Error(`onboard: ${source} is not valid ${format.toUpperCase()}: ${(error as Error).message}`);
  }
  if (!document || typeof document !== 'object' || typeof document.openapi !== 'string' || !document.openapi.startsWith('3')) {
    throw new Error(`onboard: ${source} is not an OpenAPI 3 document (no "openapi: 3.x")`);
  }
  const schemas: Json = document.components?.schemas ?? {};
  const interfaces = Object.entries(schemas).map(([name, schema]) => interfaceFor(pascalCase(name), schema as Json));
  const operations: DraftedOperation[] = [];
  const taken = new Set<string>();
  for (const [route, item] of Object.entries((document.paths ?? {}) as Json)) {
    for (const method of METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      let name = camelCase(op.operationId ?? `${method} ${route.replace(/[{}]/g, '')}`);
      while (taken.has(name)) name = `${name}2`;
      taken.add(name);
      const params = [...((item as Json).parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolve(document, p));
      const jsonBody = resolve(document, op.requestBody ?? {})?.content?.['application/json']?.schema;
      const okStatus = Object.keys(op.responses ?? {}).find((status) => /^2\d\d$/.test(status));
      const okSchema = okStatus ? resolve(document, op.responses[okStatus])?.content?.['application/json']?.schema : undefined;
      const readsByName = /^(search|lookup|find|get|list|fetch|query)/i.test(name);
      operations.push({
        name,
        method: method.toUpperCase(),
        path: route,
        summary: commentText(op.summary ?? op.description ?? `${method.toUpperCase()} ${route}`),
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, type: typeOf(p.schema ?? {}) })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, type: typeOf(p.schema ?? {}), required: p.required === true })),
        body: jsonBody ? typeOf(jsonBody) : undefined,
        response: okSchema ? typeOf(okSchema) : 'unknown',
        kind: method === 'get' || op['x-read-only'] === true || (method === 'post' && readsByName) ? 'read' : 'write',
      });
    }
  }
  if (operations.length === 0) throw new Error(`onboard: ${source} has no operations under "paths"`);
  const className = `${names.pascal}RestOperations`;
  const title = commentText(document.info?.title ?? source);
  const file = `import type { LegacyHttp } from '../../platform';
import { LegacyError } from '../../platform';

/**
 * Drafted by \`npm run onboard -- ${names.name} --protocol rest --from ${source}\` from "${title}"
 * (OpenAPI ${document.openapi}): the system's types and operations as its document states them.
 * They are the agency's own words and are not trusted at run time: a field the graph shows is read
 * and checked in mapping.ts. To serve a Citizen field from an operation, call it from a client
 * method that takes many CPR numbers (see records() in ${names.name}Client.ts) and add a loader.
 * Regenerating overwrites nothing: this file is written once, and is the agency's to edit.
 */

${interfaces.join('\n\n')}${interfaces.length > 0 ? '\n\n' : ''}export class ${className} {
  constructor(private readonly http: LegacyHttp) {}
${operations.map(method).join('')}
  private async send<T>(method: string, url: string, kind: 'read' | 'write', params?: Record<string, unknown>, data?: unknown): Promise<T> {
    const response = await this.http.request<T>({ method, url, params, data, headers: { accept: 'application/json' } }, { kind });
    if (response.status < 200 || response.status >= 300) {
      throw new LegacyError(this.http.system, response.status >= 500 ? 'unavailable' : 'fault', \`\${method} \${url}: HTTP \${response.status}\`, response.status);
    }
    return response.data;
  }
}
`;
  return { files: { 'restOperations.ts': file }, operations: operations.map((o) => o.name) };
}

function method(op: DraftedOperation): string {
  const args: string[] = [];
  const pathArgs = op.pathParams.map((p) => `${propertyName(p.name)}: ${p.type}`);
  if (pathArgs.length > 0) args.push(`path: { ${pathArgs.join('; ')} }`);
  const queryArgs = op.queryParams.map((p) => `${propertyName(p.name)}${p.required ? '' : '?'}: ${p.type}`);
  if (queryArgs.length > 0) args.push(`query: { ${queryArgs.join('; ')} }${op.queryParams.some((p) => p.required) ? '' : ' = {}'}`);
  if (op.body) args.push(`body: ${op.body}`);
  let url = JSON.stringify(op.path);
  if (op.pathParams.length > 0) {
    url = `\`${op.path.replace(/\{([^}]+)\}/g, (_m, p: string) => `\${encodeURIComponent(String(path[${JSON.stringify(p)}]))}`)}\``;
  }
  return `
  /** ${op.summary} (${op.method} ${commentText(op.path)}; ${op.kind === 'read' ? 'a read: retried on failure' : 'a write: sent once'}). */
  ${op.name}(${args.join(', ')}): Promise<${op.response}> {
    return this.send<${op.response}>('${op.method}', ${url}, '${op.kind}'${queryArgs.length > 0 ? ', query' : op.body ? ', undefined' : ''}${op.body ? ', body' : ''});
  }
`;
}

function interfaceFor(name: string, schema: Json): string {
  const doc = schema.description ? `/** ${commentText(schema.description)} */\n` : '';
  if (schema.type === 'object' || schema.properties) {
    const required = new Set<string>(schema.required ?? []);
    const fields = Object.entries((schema.properties ?? {}) as Json).map(([field, property]) => {
      const comment = (property as Json).description ? `  /** ${commentText((property as Json).description)} */\n` : '';
      return `${comment}  readonly ${propertyName(field)}${required.has(field) ? '' : '?'}: ${typeOf(property as Json)};`;
    });
    return `${doc}export interface ${name} {\n${fields.join('\n')}${fields.length > 0 ? '\n' : ''}}`;
  }
  return `${doc}export type ${name} = ${typeOf(schema)};`;
}

/** A schema as a TypeScript type; anything this draft does not know is unknown (never any). */
function typeOf(schema: Json): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (typeof schema.$ref === 'string') return pascalCase(schema.$ref.split('/').pop()!);
  if (Array.isArray(schema.enum)) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ') || 'never';
  const nullable = schema.nullable === true ? ' | null' : '';
  switch (schema.type) {
    case 'string':
      return `string${nullable}`;
    case 'integer':
    case 'number':
      return `number${nullable}`;
    case 'boolean':
      return `boolean${nullable}`;
    case 'array':
      return `Array<${typeOf(schema.items ?? {})}>${nullable}`;
    case 'object': {
      if (!schema.properties) return `Record<string, ${schema.additionalProperties ? typeOf(schema.additionalProperties) : 'unknown'}>${nullable}`;
      const required = new Set<string>(schema.required ?? []);
      const fields = Object.entries(schema.properties as Json).map(
        ([field, property]) => `readonly ${propertyName(field)}${required.has(field) ? '' : '?'}: ${typeOf(property as Json)}`,
      );
      return `{ ${fields.join('; ')} }${nullable}`;
    }
    default:
      if (schema.allOf) return schema.allOf.map(typeOf).join(' & ');
      if (schema.oneOf || schema.anyOf) return (schema.oneOf ?? schema.anyOf).map(typeOf).join(' | ');
      return 'unknown';
  }
}

/** Follows a local $ref ("#/components/..."); other values are returned as they are. */
function resolve(document: Json, value: Json): Json {
  let current = value;
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 10; depth++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`onboard: only local $refs are drafted, got ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return current;
}
