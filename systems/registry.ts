/**
 * The registry of systems: every subgraph of the graph, the legacy system behind it, how that
 * system is spoken to, its default ports, its authorization domain and the public services it
 * files. Ports, domains, the composition config (schema/supergraph.yaml), the local stack's
 * wiring and the catalogue's filing links all derive from this one list.
 *
 * Onboarding a system is one folder under subgraphs/ (and legacy/ for its stand-in) plus one
 * entry here; `npm run onboard` writes both. See docs/onboarding.md.
 */

/** How the graph speaks to a legacy system; the stand-in and the subgraph's client follow it. */
export type Protocol = 'fixed-width' | 'soap' | 'rest' | 'sql';
export const PROTOCOLS: readonly Protocol[] = ['fixed-width', 'soap', 'rest', 'sql'];

export interface LegacySystemEntry {
  /** Folder under legacy/ holding the stand-in, and the system's name in logs, metrics and SQL. */
  readonly name: string;
  /** The agency system it plays, for people: "SKAT eIndkomst (SOAP)". */
  readonly title: string;
  readonly protocol: Protocol;
  /** Default port of its stand-in; none for SQL systems (a database, not a server). */
  readonly port?: number;
}

export interface SystemEntry {
  /** The subgraph's name: its folder under subgraphs/, its authorization domain, its scopes ("<name>:read"). */
  readonly name: string;
  /** What it serves, for people. */
  readonly title: string;
  /** Default port of the subgraph. */
  readonly port: number;
  /** The legacy system behind it; none for the graph's own store (selfservice). */
  readonly legacy?: LegacySystemEntry;
  /**
   * The public services (catalogue codes) this subgraph files, each with the mutation that files it.
   * A subgraph that files anything also writes the access log and its filings through selfservice,
   * with a service credential of its own.
   */
  readonly files: Readonly<Record<string, string>>;
}

export const SYSTEMS = [
  {
    name: 'citizen',
    title: 'Citizens: the population register (CPR)',
    port: 4001,
    legacy: { name: 'cpr', title: 'CPR population register (fixed-width records over HTTP)', protocol: 'fixed-width', port: 5001 },
    files: { 'change-of-address': 'changeAddress' },
  },
  {
    name: 'tax',
    title: 'Tax: preliminary income assessment',
    port: 4002,
    legacy: { name: 'tax', title: 'Tax agency income system (SOAP 1.1)', protocol: 'soap', port: 5002 },
    files: { 'preliminary-income-assessment': 'changePreliminaryIncome' },
  },
  {
    name: 'housing',
    title: 'Housing benefit',
    port: 4003,
    legacy: { name: 'housing', title: 'Housing-benefit case system (REST/JSON)', protocol: 'rest', port: 5003 },
    files: { 'housing-benefit': 'applyForHousingBenefit' },
  },
  {
    name: 'benefits',
    title: 'Benefits: pensions, child benefit, sickness benefit',
    port: 4004,
    legacy: { name: 'benefits', title: 'Benefits database (SQL)', protocol: 'sql' },
    files: { 'state-pension': 'applyForBenefit', 'child-benefit': 'applyForBenefit', 'sickness-benefit': 'applyForBenefit' },
  },
  {
    name: 'selfservice',
    title: "The graph's own store: exemptions, delegations, the access log, filings and outcomes",
    port: 4005,
    files: {},
  },
  {
    name: 'daycare',
    title: 'Daycare: places and waiting lists for children',
    port: 4006,
    legacy: { name: 'daycare', title: 'Municipal daycare system (REST/JSON)', protocol: 'rest', port: 5004 },
    files: { daycare: 'applyForDaycarePlace' },
  },
] as const satisfies readonly SystemEntry[];

/** A data domain, one per subgraph; permissions and caseworker scopes are per domain. */
export type Domain = (typeof SYSTEMS)[number]['name'];

export const DOMAINS: readonly Domain[] = SYSTEMS.map((s) => s.name);

/** The subgraphs that file services (each wraps the legacy system the filing lands in). */
export const FILING_SUBGRAPHS: readonly Domain[] = SYSTEMS.filter((s) => Object.keys(s.files).length > 0).map((s) => s.name);

export const GATEWAY_PORT = 4000;

export function systemNamed(name: string): SystemEntry | undefined {
  return (SYSTEMS as readonly SystemEntry[]).find((s) => s.name === name);
}

/** The subgraphs in the order a stack starts them: selfservice first, since the others write the access log and filings through it (so it stops last). */
export function inStartOrder(systems: readonly SystemEntry[] = SYSTEMS): SystemEntry[] {
  return [...systems.filter((s) => s.name === 'selfservice'), ...systems.filter((s) => s.name !== 'selfservice')];
}

/** The legacy systems, in registry order. */
export const LEGACY_SYSTEMS: readonly LegacySystemEntry[] = (SYSTEMS as readonly SystemEntry[]).flatMap((s) => (s.legacy ? [s.legacy] : []));

/** Which subgraph files a catalogue service, and with which mutation. */
export function filingOf(serviceCode: string): { readonly via: Domain; readonly mutation: string } | undefined {
  for (const s of SYSTEMS as readonly SystemEntry[]) {
    const mutation = s.files[serviceCode];
    if (mutation) return { via: s.name as Domain, mutation };
  }
  return undefined;
}

/** What the type system cannot see: names and ports unique, names usable as folders, env prefixes and scopes. Throws naming the entry. */
export function checkRegistry(systems: readonly SystemEntry[] = SYSTEMS): void {
  const seen = new Map<string, string>();
  const claim = (key: string, who: string) => {
    const earlier = seen.get(key);
    if (earlier) throw new Error(`systems/registry.ts: ${who} reuses ${key} of ${earlier}`);
    seen.set(key, who);
  };
  claim(`port ${GATEWAY_PORT}`, 'the gateway');
  for (const s of systems) {
    if (!/^[a-z][a-z0-9]*$/.test(s.name))
      throw new Error(`systems/registry.ts: "${s.name}" must be lowercase letters and digits (a folder, a domain, an env prefix)`);
    claim(`name ${s.name}`, s.name);
    claim(`port ${s.port}`, s.name);
    if (s.legacy) {
      if (!/^[a-z][a-z0-9]*$/.test(s.legacy.name))
        throw new Error(`systems/registry.ts: ${s.name}'s legacy system "${s.legacy.name}" must be lowercase letters and digits`);
      claim(`legacy ${s.legacy.name}`, s.name);
      if (s.legacy.protocol === 'sql' && s.legacy.port !== undefined)
        throw new Error(`systems/registry.ts: ${s.name}'s SQL system is a database and has no port`);
      if (s.legacy.protocol !== 'sql' && s.legacy.port === undefined)
        throw new Error(`systems/registry.ts: ${s.name}'s ${s.legacy.protocol} stand-in needs a port`);
      if (s.legacy.port !== undefined) claim(`port ${s.legacy.port}`, `${s.name}'s stand-in`);
    }
    for (const [code, mutation] of Object.entries(s.files)) claim(`service ${code}`, `${s.name} (${mutation})`);
  }
}
checkRegistry();
