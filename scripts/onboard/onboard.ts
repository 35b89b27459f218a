import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Protocol, SystemEntry } from '../../systems/registry';
import { type DraftedClient, draftFrom } from './draft';
import { systemNames } from './names';
import { deploySystem } from '../manifests/deploySystem';
import { insertRegistryEntry, nextPorts, registryEntry } from './registryEntry';
import { scaffoldFiles, type ScaffoldPlan } from './scaffold';

export interface OnboardOptions {
  readonly name: string;
  readonly protocol: Protocol;
  /** The repository to write into (tests pass a temporary copy). */
  readonly root: string;
  /** An OpenAPI (JSON or YAML) or WSDL document to draft the client's operations and types from. */
  readonly from?: string;
  readonly title?: string;
  readonly legacyTitle?: string;
  /** Catalogue service code -> the mutation that files it. */
  readonly files?: Readonly<Record<string, string>>;
  /** Run `npm run compose` in root afterwards (default true). */
  readonly compose?: boolean;
  readonly log?: (line: string) => void;
}

export interface OnboardResult {
  readonly written: readonly string[];
  readonly port: number;
  readonly legacyPort?: number;
  readonly drafted: readonly string[];
  readonly seconds: number;
}

const CATALOGUE = 'domain/catalogue/services.json';
const REGISTRY = 'systems/registry.ts';
/** The selfservice schema names every domain in its DataDomain enum (access log entries, catalogue services). */
const SELFSERVICE_SCHEMA = 'subgraphs/selfservice/schema.graphql';

/**
 * `npm run onboard`: scaffolds subgraphs/<name>/ and legacy/<name>/ for a legacy system, adds
 * its registry entry (next free ports), makes the catalogue's services it files belong to its
 * domain, and recomposes the supergraph. Refuses to overwrite anything.
 */
export function onboard(options: OnboardOptions): OnboardResult {
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const names = systemNames(options.name, options.protocol);
  const root = path.resolve(options.root);
  const files = options.files ?? {};
  for (const folder of [`subgraphs/${names.name}`, `legacy/${names.name}`]) {
    if (existsSync(path.join(root, folder))) throw new Error(`onboard: ${folder} exists already; pick another name or remove it`);
  }
  for (const [service, mutation] of Object.entries(files)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(mutation))
      throw new Error(`onboard: --files ${service}=${mutation}: the mutation must be a GraphQL field name like "applyForDaycarePlace"`);
  }
  if (Object.keys(files).length > 1) throw new Error('onboard: the scaffold files one service; add further mutations by hand (see docs/onboarding.md)');
  const catalogueText = readFileSync(path.join(root, CATALOGUE), 'utf8');
  const codes = (JSON.parse(catalogueText) as { services: { code: string }[] }).services.map((s) => s.code);
  for (const service of Object.keys(files)) {
    if (!codes.includes(service)) throw new Error(`onboard: --files ${service}: no such service in ${CATALOGUE} (known: ${codes.join(', ')})`);
  }

  const drafted: DraftedClient = options.from ? draftFrom(path.resolve(options.from), names) : { files: {}, operations: [] };
  const [filedService, filingMutation] = Object.entries(files)[0] ?? [];
  const plan: ScaffoldPlan = {
    names,
    title: options.title ?? `${names.pascal}`,
    legacyTitle: options.legacyTitle ?? `${names.pascal} system (${names.protocol})`,
    filing: filedService ? { service: filedService, mutation: filingMutation } : undefined,
    drafted: drafted.operations,
  };

  // The registry of the repository written into (a copy in tests), not this script's own.
  const registryFile = path.join(root, REGISTRY);
  const systems = (require(registryFile) as { SYSTEMS: readonly SystemEntry[] }).SYSTEMS;
  const ports = nextPorts(systems, names.protocol);
  const entry = registryEntry(names, { title: plan.title, legacyTitle: plan.legacyTitle, files, ...ports });
  const registry = insertRegistryEntry(readFileSync(registryFile, 'utf8'), names, entry);

  const written: string[] = [];
  for (const [file, text] of Object.entries(scaffoldFiles(plan, drafted.files))) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text, { flag: 'wx' });
    written.push(file);
  }
  writeFileSync(registryFile, registry);
  written.push(REGISTRY);
  const selfserviceSchema = path.join(root, SELFSERVICE_SCHEMA);
  writeFileSync(selfserviceSchema, withDataDomain(readFileSync(selfserviceSchema, 'utf8'), names.upper, plan.title));
  written.push(SELFSERVICE_SCHEMA);
  if (filedService) {
    writeFileSync(path.join(root, CATALOGUE), withDomain(catalogueText, filedService, names.name));
    written.push(CATALOGUE);
  }
  // Its Deployment, Service, PDB, ConfigMap lines and Secret template (deploy/k8s), when the repository deploys to Kubernetes.
  if (existsSync(path.join(root, 'deploy', 'k8s', 'base'))) {
    const legacy = { name: names.name, title: plan.legacyTitle, protocol: names.protocol, ...(ports.legacyPort ? { port: ports.legacyPort } : {}) };
    written.push(...deploySystem(root, { name: names.name, title: plan.title, port: ports.port, legacy, files }));
  }
  for (const file of written) log(`  wrote ${file}`);
  formatWritten(
    root,
    written.filter((file) => file.endsWith('.ts') && (file.startsWith(`subgraphs/${names.name}/`) || file.startsWith(`legacy/${names.name}/`))),
    log,
  );
  log(
    `Registry entry "${names.name}": subgraph port ${ports.port}${ports.legacyPort ? `, stand-in port ${ports.legacyPort}` : ''}${filedService ? `, files ${filedService} with ${filingMutation}` : ''}.`,
  );
  if (drafted.operations.length > 0) log(`Drafted from ${options.from}: ${drafted.operations.join(', ')}.`);

  if (options.compose !== false) {
    const composed = spawnSync('npx', ['tsx', 'scripts/compose.ts'], { cwd: root, encoding: 'utf8' });
    if (composed.status !== 0) throw new Error(`onboard: the files are written but composition failed:\n${composed.stdout}${composed.stderr}`);
    log(composed.stdout.trim());
  }
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  log(
    `Done in ${seconds}s. Next: npx jest subgraphs/${names.name}; npm run config:doc (its settings in docs/configuration.md); map the system's records in subgraphs/${names.name}/mapping.ts (docs/onboarding.md).`,
  );
  return { written, ...ports, drafted: drafted.operations, seconds };
}

/** The catalogue's services filed by the new subgraph are authorized in its domain: only their "domain" line changes. */
export function withDomain(catalogueText: string, service: string, domain: string): string {
  const at = catalogueText.indexOf(`"code": "${service}"`);
  const line = /"domain": "[^"]*"/g;
  line.lastIndex = at;
  const found = at < 0 ? null : line.exec(catalogueText);
  if (!found) throw new Error(`onboard: ${CATALOGUE} has no domain for "${service}"`);
  return `${catalogueText.slice(0, found.index)}"domain": "${domain}"${catalogueText.slice(found.index + found[0].length)}`;
}

/** Adds the domain as the last value of selfservice's DataDomain enum (what access-log entries and catalogue services are shown with). */
export function withDataDomain(schemaText: string, value: string, title: string): string {
  const start = schemaText.indexOf('enum DataDomain {');
  const end = start < 0 ? -1 : schemaText.indexOf('\n}', start);
  if (end < 0) throw new Error(`onboard: ${SELFSERVICE_SCHEMA} has no "enum DataDomain { ... }"; add ${value} to the domains there by hand`);
  if (new RegExp(`\\n\\s+${value}\\n`).test(schemaText.slice(start, end + 1))) return schemaText;
  const description = `${title.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}.`;
  return `${schemaText.slice(0, end)}\n  "${description}"\n  ${value}${schemaText.slice(end)}`;
}

/**
 * Formats what the command wrote with the repository's formatter and linter (Biome, biome.json),
 * when the repository has them, so the scaffold passes them as generated. Safe fixes only.
 */
function formatWritten(root: string, files: readonly string[], log: (line: string) => void): void {
  const biome = path.join(root, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome) || !existsSync(path.join(root, 'biome.json')) || files.length === 0) return;
  const result = spawnSync(biome, ['check', '--write', ...files], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0)
    log(
      `Biome could not format the scaffold cleanly; see npx biome check ${path.dirname(files[0])}/ (${`${result.stderr}${result.stdout}`.trim().split('\n')[0]})`,
    );
}
