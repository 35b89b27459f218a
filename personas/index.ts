/**
 * The demo personas: the people every demo, test and the development issuer know by name
 * (personas.json). They exist in the synthetic population the legacy stand-ins serve; tokens for
 * them come from the development issuer only, never in production. Data only: no layer's code.
 */
import personasFile from './personas.json';

export interface PersonaEntry {
  readonly id: string;
  readonly kind: 'citizen' | 'caseworker' | 'analyst';
  readonly name: string;
  readonly cpr?: string;
  readonly municipalityCode?: string;
  readonly authority?: string;
  readonly scopes?: readonly string[];
  readonly description: string;
}

export const PERSONAS: readonly PersonaEntry[] = personasFile.personas as PersonaEntry[];

export function personaCpr(id: string): string {
  const persona = PERSONAS.find((p) => p.id === id);
  if (!persona?.cpr) throw new Error(`persona "${id}" is not a citizen persona; see personas/personas.json`);
  return persona.cpr;
}
