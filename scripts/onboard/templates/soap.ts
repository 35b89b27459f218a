import { REST } from './rest';
export const SOAP = REST;
