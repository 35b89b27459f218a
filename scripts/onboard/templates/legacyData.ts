import type { ScaffoldPlan } from './subgraph';

/**
 * legacy/<name>/data.ts: the stand-in's deterministic data, derived from the synthetic population
 * (the same population gives the same records everywhere), and its ledger of filings, which files
 * once per client reference. Only platform and population code: stand-ins never import the graph's.
 */
export function legacyDataTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const prefix = upper.slice(0, 3).padEnd(3, 'X');
  return `import type { Person, Population } from '../population';
import { stableHash } from '../population';

/** One citizen's record as the ${name} system keeps it: codes and YYYYMMDD dates. */
export interface ${pascal}Row {
  readonly cpr: string;
  /** A (in force), V (waiting), O (ended). */
  readonly status: 'A' | 'V' | 'O';
  /** YYYYMMDD. */
  readonly since: string;
  readonly municipality: string;
}

export interface ${pascal}FilingRow {
  readonly reference: string;
  readonly cpr: string;
  readonly clientReference: string;
  readonly status: 'V';
  /** YYYYMMDD. */
  readonly received: string;
}

/**
 * The record of a person, or undefined for the third of the population the system does not know.
 * Derived from the CPR number alone, so every run and every test sees the same data.
 */
export function ${name}RowOf(person: Person): ${pascal}Row | undefined {
  const hash = stableHash(\`${name}:\${person.cpr}\`);
  if (hash % 3 === 0) return undefined;
  const status = (['A', 'A', 'V', 'O'] as const)[(hash >>> 4) % 4];
  return { cpr: person.cpr, status, since: person.address.movedIn.replace(/-/g, ''), municipality: person.address.municipalityCode };
}

export type FilingOutcome =
  | { readonly kind: 'filed'; readonly filing: ${pascal}FilingRow }
  | { readonly kind: 'replayed'; readonly filing: ${pascal}FilingRow }
  | { readonly kind: 'unknown-citizen' }
  | { readonly kind: 'reference-taken' };

/** The system's data: records by CPR number, and filings, once per client reference. */
export class ${pascal}Ledger {
  private readonly rows = new Map<string, ${pascal}Row>();
  private readonly filingsByReference = new Map<string, ${pascal}FilingRow>();
  private sequence = 0;

  constructor(private readonly population: Population) {
    for (const person of population.people) {
      const row = ${name}RowOf(person);
      if (row) this.rows.set(person.cpr, row);
    }
  }

  record(cpr: string): ${pascal}Row | undefined {
    return this.rows.get(cpr);
  }

  /** Files for a citizen of the population; the same client reference answers with the first filing. */
  file(cpr: string, clientReference: string, today: string): FilingOutcome {
    const seen = this.filingsByReference.get(clientReference);
    if (seen) return seen.cpr === cpr ? { kind: 'replayed', filing: seen } : { kind: 'reference-taken' };
    if (!this.population.byCpr.has(cpr)) return { kind: 'unknown-citizen' };
    this.sequence += 1;
    const received = today.replace(/-/g, '');
    const filing: ${pascal}FilingRow = { reference: \`${prefix}\${received.slice(0, 4)}\${String(this.sequence).padStart(6, '0')}\`, cpr, clientReference, status: 'V', received };
    this.filingsByReference.set(clientReference, filing);
    return { kind: 'filed', filing };
  }

  filings(): readonly ${pascal}FilingRow[] {
    return [...this.filingsByReference.values()];
  }
}
`;
}

export function legacySystemTs(plan: ScaffoldPlan, kind: 'server' | 'database'): string {
  const { name, pascal } = plan.names;
  return kind === 'server'
    ? `import type { LegacySystemModule } from '../kit/system';
import { start${pascal}StandIn } from './standIn';

/** How the local stack starts this stand-in (scripts/stack/startStack.ts finds it by the registry name "${name}"). */
export const system: LegacySystemModule = { kind: 'server', start: start${pascal}StandIn };
`
    : `import type { LegacySystemModule } from '../kit/system';
import { install${pascal}Database } from './install';

/** How the local stack installs this database (scripts/stack/startStack.ts finds it by the registry name "${name}"). */
export const system: LegacySystemModule = { kind: 'database', install: (sql, population) => install${pascal}Database(sql, population) };
`;
}
