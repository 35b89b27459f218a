export { generatePopulation, DEFAULT_POPULATION_SEED, DEFAULT_POPULATION_SIZE } from './generate';
export { PERSONAS, personaCpr } from './personaFamily';
export type { PersonaEntry } from './personaFamily';
export { stableHash } from './random';
export type { Address, CivilStatusCode, Person, Population } from './types';
