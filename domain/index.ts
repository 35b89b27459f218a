/**
 * Domain rules of the public services: CPR numbers, the signed caller context and who may do
 * what (authorization, caseloads, the mandatory-digital filing rule), the service catalogue,
 * and the population register client. Stands on platform/ only.
 */
export * from './cpr';
export * from './cprScalar';
export * from './dateScalar';
export * from './money';
export * from './caller';
export * from './caller/filingRule';
export * from './caller/verifiedCaller';
export * from './catalogue/catalogue';
