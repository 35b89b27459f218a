export { generatePopulation, DEFAULT_POPULATION_SEED, DEFAULT_POPULATION_SIZE } from './generate';
export { PERSONAS, personaCpr, type PersonaEntry } from '../../personas';
export { stableHash } from './random';
export type { Address, CivilStatusCode, Person, Population } from './types';
