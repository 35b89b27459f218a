import { PERSONAS, type PersonaEntry } from '../../personas';
import type { DevIssuer } from '../identity/devIssuer';

/** A persona the explorer offers: who signs in, and whom they name in x-act-for. */
export interface DemoPersona {
  readonly id: string;
  readonly label: string;
  readonly persona: string;
  readonly actFor?: string;
}

/** The switcher's choices: one per way of using the graph (README "Demo personas"). */
export const DEMO_PERSONAS: readonly DemoPersona[] = [
  { id: 'ingrid', label: 'Ingrid (citizen)', persona: 'ingrid' },
  { id: 'mads-for-ingrid', label: 'Mads, grandchild acting for Ingrid (needs her power of attorney)', persona: 'mads', actFor: '1203382258' },
  { id: 'karen-for-freja', label: 'Karen, parent acting for Freja (under 15)', persona: 'karen', actFor: '0209144200' },
  { id: 'bent', label: 'Bent (citizen, no internet at home)', persona: 'bent' },
  { id: 'caseworker-aarhus', label: 'Caseworker, Aarhus (own caseload)', persona: 'caseworker-aarhus' },
  { id: 'caseworker-laesoe-for-bent', label: 'Caseworker, Læsø, serving Bent', persona: 'caseworker-laesoe', actFor: '3001493239' },
  { id: 'caseworker-tax-for-ingrid', label: 'Caseworker, tax agency, serving Ingrid', persona: 'caseworker-tax', actFor: '1203382258' },
  { id: 'analyst', label: 'Analyst (uptake figures)', persona: 'analyst' },
];

/** Mints explorer tokens with the development issuer; exists only where that issuer is enabled. */
export class DemoPersonaTokens {
  constructor(
    private readonly issuer: DevIssuer,
    private readonly ttlSeconds = 3600,
  ) {}

  list(): readonly Omit<DemoPersona, 'persona'>[] {
    return DEMO_PERSONAS.map(({ id, label, actFor }) => ({ id, label, ...(actFor ? { actFor } : {}) }));
  }

  /** The token and x-act-for for a switcher choice; undefined for an unknown one. */
  async tokenFor(id: string): Promise<{ token: string; actFor?: string } | undefined> {
    const choice = DEMO_PERSONAS.find((p) => p.id === id);
    const persona: PersonaEntry | undefined = choice && PERSONAS.find((p) => p.id === choice.persona);
    if (!choice || !persona) return undefined;
    return { token: await this.issuer.mint(persona, this.ttlSeconds), ...(choice.actFor ? { actFor: choice.actFor } : {}) };
  }
}
