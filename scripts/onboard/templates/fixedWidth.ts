import { REST } from './rest';
export const FIXED_WIDTH = REST;
