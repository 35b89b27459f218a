import { REST } from './rest';
export const SQL = REST;
