import type { Domain } from '../caller/types';
import { isIsoDate } from '../dateScalar';
import raw from './services.json';
import { DOMAINS, FILING_SUBGRAPHS, filingOf, SYSTEMS, type SystemEntry } from '../../systems/registry';

/**
 * The service catalogue: which public services exist, which authority serves them, whether
 * and since when they are mandatory digital self-service, and whether a citizen may delegate
 * them. Versioned data in the repository (services.json), checked when loaded.
 */

/** What kind of authority serves a service; a concrete authority adds its code ("municipality:0751"). */
export type AuthorityKind = 'municipality' | 'agency:tax' | 'udbetaling-danmark';

export const AUTHORITY_KINDS: readonly AuthorityKind[] = ['municipality', 'agency:tax', 'udbetaling-danmark'];
/** The domains and filing subgraphs come from the registry of systems. */
export const SERVICE_DOMAINS: readonly Domain[] = DOMAINS;
export { FILING_SUBGRAPHS };

export interface LocalizedName {
  readonly da: string;
  readonly en: string;
}

export interface ServiceEntry {
  /** Stable code, lowercase words joined by hyphens: "housing-benefit". */
  readonly code: string;
  readonly name: LocalizedName;
  readonly authorityKind: AuthorityKind;
  readonly domain: Domain;
  /** ISO date from which non-digital filings are refused (unless exempt); null when never mandatory. */
  readonly mandatoryDigitalSince: string | null;
  /** Which of Denmark's four waves (2012-2015) made it mandatory; null when none did. */
  readonly wave: 1 | 2 | 3 | 4 | null;
  /** Whether a citizen may let someone else act for them in this service. */
  readonly delegable: boolean;
  /** Which subgraph's mutation files it through this graph; null when the graph cannot file it (yet). */
  readonly filing: ServiceFiling | null;
}

export interface ServiceFiling {
  /** The subgraph that files it, e.g. "housing". */
  readonly via: string;
  /** The GraphQL mutation that files it, e.g. "applyForHousingBenefit". */
  readonly mutation: string;
}

export class ServiceCatalogue {
  private readonly byCode: ReadonlyMap<string, ServiceEntry>;

  constructor(
    readonly version: string,
    readonly effectiveDate: string,
    readonly services: readonly ServiceEntry[],
  ) {
    this.byCode = new Map(services.map((s) => [s.code, s]));
  }

  get(code: string): ServiceEntry | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Whether a filing of `code` on `onDate` (ISO) must be digital; unknown codes throw. */
  isMandatoryDigital(code: string, onDate: string): boolean {
    const service = this.byCode.get(code);
    if (!service) throw new Error(`service catalogue ${this.version}: no service with code "${code}"`);
    if (!isIsoDate(onDate)) throw new Error(`isMandatoryDigital: onDate must be an ISO date (YYYY-MM-DD), got "${onDate}"`);
    return service.mandatoryDigitalSince !== null && service.mandatoryDigitalSince <= onDate;
  }
}

/** The catalogue checked into the repository; checked once, on first use. */
let repositoryCatalogue: ServiceCatalogue | undefined;
export function serviceCatalogue(): ServiceCatalogue {
  repositoryCatalogue ??= parseServiceCatalogue(withRegistryFilings(raw));
  return repositoryCatalogue;
}

/**
 * services.json says what each service is; the registry of systems says which subgraph files it
 * (each entry's `files`). A registry entry filing a code the catalogue does not have is an error.
 */
export function withRegistryFilings(document: { readonly services: readonly { readonly code: string }[] }): unknown {
  const codes = new Set(document.services.map((s) => s.code));
  for (const system of SYSTEMS as readonly SystemEntry[]) {
    for (const code of Object.keys(system.files)) {
      if (!codes.has(code)) fail(`systems/registry.ts: "${system.name}" files "${code}", which is not in the service catalogue`);
    }
  }
  return { ...document, services: document.services.map((s) => ({ ...s, filing: filingOf(s.code) ?? null })) };
}

/** Checks a catalogue document; throws naming the entry and field that is wrong. */
export function parseServiceCatalogue(document: unknown): ServiceCatalogue {
  const doc = asRecord(document, 'the catalogue');
  const version = requireString(doc.version, 'version');
  const effectiveDate = requireDate(doc.effectiveDate, 'effectiveDate');
  if (!Array.isArray(doc.services) || doc.services.length === 0) fail('services must be a non-empty array');
  const services = (doc.services as unknown[]).map((entry, index) => parseEntry(entry, index));
  const seen = new Set<string>();
  for (const service of services) {
    if (seen.has(service.code)) fail(`service code "${service.code}" appears twice`);
    seen.add(service.code);
  }
  return new ServiceCatalogue(version, effectiveDate, services);
}

function parseEntry(entry: unknown, index: number): ServiceEntry {
  const at = `services[${index}]`;
  const e = asRecord(entry, at);
  const code = requireString(e.code, `${at}.code`);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code)) fail(`${at}.code must be lowercase words joined by hyphens, got "${code}"`);
  const where = `service "${code}"`;
  const name = asRecord(e.name, `${where}.name`);
  const authorityKind = e.authorityKind as AuthorityKind;
  if (!AUTHORITY_KINDS.includes(authorityKind))
    fail(`${where}.authorityKind must be one of ${AUTHORITY_KINDS.join(', ')}, got ${JSON.stringify(e.authorityKind)}`);
  const domain = e.domain as Domain;
  if (!SERVICE_DOMAINS.includes(domain)) fail(`${where}.domain must be one of ${SERVICE_DOMAINS.join(', ')}, got ${JSON.stringify(e.domain)}`);
  const mandatoryDigitalSince = e.mandatoryDigitalSince === null ? null : requireDate(e.mandatoryDigitalSince, `${where}.mandatoryDigitalSince`);
  const wave = e.wave as ServiceEntry['wave'];
  if (wave !== null && ![1, 2, 3, 4].includes(wave as number)) fail(`${where}.wave must be 1, 2, 3, 4 or null, got ${JSON.stringify(e.wave)}`);
  if (wave !== null && mandatoryDigitalSince === null) fail(`${where} names wave ${wave} but no mandatoryDigitalSince date`);
  if (typeof e.delegable !== 'boolean') fail(`${where}.delegable must be true or false`);
  const filing = parseFiling(e.filing, `${where}.filing`);
  return {
    code,
    name: { da: requireString(name.da, `${where}.name.da`), en: requireString(name.en, `${where}.name.en`) },
    authorityKind,
    domain,
    mandatoryDigitalSince,
    wave,
    delegable: e.delegable as boolean,
    filing,
  };
}

/** Every service says how it is filed: { via, mutation }, or null when this graph cannot file it (never left out). */
function parseFiling(value: unknown, what: string): ServiceFiling | null {
  if (value === null) return null;
  if (value === undefined) fail(`${what} must be { "via": <subgraph>, "mutation": <name> } or null (not fileable through the graph), not missing`);
  const filing = asRecord(value, what);
  const via = filing.via as string;
  if (!(FILING_SUBGRAPHS as readonly string[]).includes(via))
    fail(`${what}.via must be one of ${FILING_SUBGRAPHS.join(', ')}, got ${JSON.stringify(filing.via)}`);
  const mutation = requireString(filing.mutation, `${what}.mutation`);
  if (!/^[a-z][A-Za-z0-9]*$/.test(mutation))
    fail(`${what}.mutation must be a GraphQL field name like "applyForHousingBenefit", got ${JSON.stringify(mutation)}`);
  return { via, mutation };
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${what} must be a non-empty string`);
  return value as string;
}

function requireDate(value: unknown, what: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) fail(`${what} must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`);
  return value as string;
}

function fail(message: string): never {
  throw new Error(`service catalogue: ${message}`);
}
