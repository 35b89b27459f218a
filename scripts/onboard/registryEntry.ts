import type { SystemEntry } from '../../systems/registry';
import type { SystemNames } from './names';

/** Where the registry's list of systems ends: the new entry goes just before it. */
const END_OF_SYSTEMS = '] as const satisfies readonly SystemEntry[];';

export interface RegistryPlan {
  readonly port: number;
  readonly legacyPort?: number;
  readonly entry: string;
}

/**
 * The next free ports, by the registry's convention: subgraphs count up from 4001, legacy
 * stand-ins from 5001 (a database system has none).
 */
export function nextPorts(systems: readonly SystemEntry[], protocol: SystemNames['protocol']): { port: number; legacyPort?: number } {
  const port = Math.max(4000, ...systems.map((s) => s.port)) + 1;
  if (protocol === 'sql') return { port };
  const legacyPort = Math.max(5000, ...systems.flatMap((s) => (s.legacy?.port ? [s.legacy.port] : []))) + 1;
  return { port, legacyPort };
}

/** The entry's source text, in the registry's own style. */
export function registryEntry(
  names: SystemNames,
  options: { title: string; legacyTitle: string; files: Readonly<Record<string, string>>; port: number; legacyPort?: number },
): string {
  const legacyPort = options.legacyPort === undefined ? '' : `, port: ${options.legacyPort}`;
  const files = Object.entries(options.files)
    .map(([code, mutation]) => `${quote(code)}: ${quote(mutation)}`)
    .join(', ');
  return [
    '  {',
    `    name: ${quote(names.name)},`,
    `    title: ${quote(options.title)},`,
    `    port: ${options.port},`,
    `    legacy: { name: ${quote(names.name)}, title: ${quote(options.legacyTitle)}, protocol: ${quote(names.protocol)}${legacyPort} },`,
    `    files: {${files ? ` ${files} ` : ''}},`,
    '  },',
  ].join('\n');
}

/** The registry source with the entry added as the last system; refuses a name already there. */
export function insertRegistryEntry(source: string, names: SystemNames, entry: string): string {
  if (new RegExp(`\\bname: '${names.name}',`).test(source)) throw new Error(`onboard: systems/registry.ts already has a system named "${names.name}"`);
  const at = source.indexOf(END_OF_SYSTEMS);
  if (at < 0) throw new Error(`onboard: systems/registry.ts no longer ends its SYSTEMS list with "${END_OF_SYSTEMS}"; add the entry by hand:\n${entry}`);
  return `${source.slice(0, at)}${entry}\n${source.slice(at)}`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
