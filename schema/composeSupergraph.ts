import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';
import { PERSONAL_DATA_POLICY, type PersonalDataPolicy, unmarkedPersonalData } from './checkPersonalData';

export interface SubgraphEntry {
  readonly name: string;
  readonly url: string;
  readonly schemaFile: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export const SUPERGRAPH_CONFIG = path.join(__dirname, 'supergraph.yaml');
export const SUPERGRAPH_FILE = path.join(__dirname, 'supergraph.graphql');

/** Reads supergraph.yaml: which subgraphs exist, where they listen, where their SDL is. */
export function readSupergraphConfig(configPath = SUPERGRAPH_CONFIG): SubgraphEntry[] {
  const config = YAML.parse(readFileSync(configPath, 'utf8')) as { subgraphs?: Record<string, { routing_url?: string; schema?: { file?: string } }> };
  if (!config?.subgraphs || typeof config.subgraphs !== 'object') throw new Error(`${configPath}: expected a "subgraphs" map`);
  return Object.entries(config.subgraphs).map(([name, entry]) => {
    if (!entry?.routing_url) throw new Error(`${configPath}: subgraph "${name}" needs routing_url`);
    if (!entry.schema?.file) throw new Error(`${configPath}: subgraph "${name}" needs schema.file`);
    return { name, url: entry.routing_url, schemaFile: path.resolve(path.dirname(configPath), entry.schema.file) };
  });
}

/**
 * Composes the supergraph with @apollo/composition; errors come back as readable lines. A supergraph
 * in which personal data (or a mutation) lacks @authenticated is refused too (checkPersonalData.ts).
 */
export function composeSupergraph(subgraphs: readonly SubgraphEntry[], personalData: PersonalDataPolicy = PERSONAL_DATA_POLICY): CompositionResult {
  const errors: string[] = [];
  const services = subgraphs.flatMap((s) => {
    try {
      return [{ name: s.name, url: s.url, typeDefs: parse(readFileSync(s.schemaFile, 'utf8')) }];
    } catch (error) {
      errors.push(`${s.name} (${path.relative(process.cwd(), s.schemaFile)}): ${(error as Error).message}`);
      return [];
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  const result = composeServices(services);
  if (result.errors && result.errors.length > 0) {
    return { ok: false, errors: result.errors.map((e) => `${(e.extensions?.code as string) ?? 'COMPOSITION_ERROR'}: ${e.message}`) };
  }
  let unmarked: string[];
  try {
    unmarked = unmarkedPersonalData(services, personalData);
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  if (unmarked.length > 0) return { ok: false, errors: unmarked };
  return { ok: true, supergraphSdl: result.supergraphSdl! };
}
