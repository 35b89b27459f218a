import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SystemNames } from './names';
import { draftFromOpenApi } from './draftOpenApi';
import { draftFromWsdl } from './draftWsdl';

/** What --from adds to the scaffold: one file of typed operations on the client's transport, and their names. */
export interface DraftedClient {
  /** File name in subgraphs/<name>/ -> text. */
  readonly files: Readonly<Record<string, string>>;
  readonly operations: readonly string[];
}

/**
 * Drafts the client's operations and types from the agency's document: an OpenAPI 3 document
 * (JSON or YAML) for rest, a WSDL 1.1 for soap. The draft compiles as generated; which operation
 * serves which field, and how its answer maps to the graph, stays the agency's (mapping.ts).
 */
export function draftFrom(file: string, names: SystemNames): DraftedClient {
  const text = readFileSync(file, 'utf8');
  const extension = path.extname(file).toLowerCase();
  const source = path.basename(file);
  if (extension === '.wsdl' || (extension === '.xml' && /<(\w+:)?definitions\b/.test(text))) {
    if (names.protocol !== 'soap') throw new Error(`onboard: --from ${source} is a WSDL; use it with --protocol soap`);
    return draftFromWsdl(text, names, source);
  }
  if (['.json', '.yaml', '.yml'].includes(extension)) {
    if (names.protocol !== 'rest') throw new Error(`onboard: --from ${source} is an OpenAPI document; use it with --protocol rest`);
    return draftFromOpenApi(text, extension === '.json' ? 'json' : 'yaml', names, source);
  }
  throw new Error(`onboard: --from takes an OpenAPI document (.json, .yaml, .yml) or a WSDL (.wsdl), got ${source}`);
}

/** A property name as TypeScript writes it. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Text for a one-line comment. */
export function commentText(text: unknown): string {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\*\//g, '* /')
    .trim();
}
