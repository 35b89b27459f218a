import { authorize, forbidden, isAllowed, needsRegisterFacts, type RegisterFacts } from '../../domain';
import type { RegisterPerson } from '../../domain/register/registerTypes';
import type { CitizenContext } from './context';

/**
 * Who may see what in this subgraph: the kit's one rule in domain 'citizen', applied to every
 * citizen object on its own. A relation is a citizen of its own: seeing Karen's children
 * shows their CPR numbers (part of Karen's record), not their names.
 */

export const CITIZEN_DOMAIN = 'citizen';

/**
 * Whether the caller may read this citizen's register data (the 'system' actor may: the gateway's
 * custody check). `person` is the register's record, when read: a caseworker's caseload is decided on it.
 */
export function mayRead(context: CitizenContext, cpr: string, person?: RegisterPerson | null): boolean {
  return isAllowed(context.caller, cpr, CITIZEN_DOMAIN, 'read', undefined, person === undefined ? undefined : residenceOf(person));
}

/** Whether the decision waits on the register's record: a caseworker not serving the citizen, whose caseload is decided by residence. */
export function needsRecord(context: CitizenContext, cpr: string): boolean {
  return needsRegisterFacts(context.caller, cpr, CITIZEN_DOMAIN, 'read');
}

/**
 * FORBIDDEN unless the caller may read the citizen; call before any register data leaves. Only
 * for a caseworker's caseload is the record read first (to see where the citizen lives); anyone
 * else refused costs no register call.
 */
export async function assertMayRead(context: CitizenContext, cpr: string): Promise<void> {
  const register = needsRecord(context, cpr) ? residenceOf(await context.loaders.person.load(cpr)) : undefined;
  authorize(context.caller, cpr, CITIZEN_DOMAIN, 'read', undefined, register);
  if (register) servedFromCaseload(context, cpr, register);
}

/**
 * Notes a citizen served to a caseworker under the caseload rule (the record decided it), with
 * where they live, for the gateway (caseloadResidencesPlugin): their other subgraphs' calls in
 * this request then need no caseload lookup. Call only once the caller may read the citizen.
 */
export function servedFromCaseload(context: CitizenContext, cpr: string, register: RegisterFacts): void {
  if (context.caller.actor.kind !== 'caseworker' || !register.municipalityCode) return;
  context.caseloadResidences.set(cpr, register.municipalityCode);
}

export function residenceOf(person: RegisterPerson | null): RegisterFacts {
  return { municipalityCode: person?.address?.municipalityCode ?? null };
}

/**
 * What the gateway's own identity may read for its acting-for check: a citizen's parents (custody)
 * and their municipality (which authority serves them), nothing else of the register.
 */
const SYSTEM_FIELDS = new Set(['parents', 'address']);
const SYSTEM_ADDRESS_FIELDS = ['street', 'houseNumber', 'floor', 'door', 'postalCode', 'city', 'movedIn'] as const;

/** FORBIDDEN when the gateway's system identity asks for a field its check does not need. */
export function assertSystemMayRead(context: CitizenContext, field: string): void {
  if (context.caller.actor.kind === 'system' && !SYSTEM_FIELDS.has(field)) throw forbidden(`The acting-for check may not read ${field}.`, CITIZEN_DOMAIN);
}

/** For the system identity, an address that shows only its municipality; every other field is FORBIDDEN. */
export function municipalityOnly<A extends { municipality: unknown }>(address: A): Partial<A> {
  const refuse = () => {
    throw forbidden('The acting-for check may read only the municipality of an address.', CITIZEN_DOMAIN);
  };
  return Object.fromEntries([['municipality', address.municipality], ...SYSTEM_ADDRESS_FIELDS.map((f) => [f, refuse])]) as Partial<A>;
}

/** Notes a read of the citizen's data for their access log (the citizen's own reads are not logged). */
export function recordRead(context: CitizenContext, cpr: string): void {
  context.access.record(cpr, CITIZEN_DOMAIN);
}

/** The signed-in citizen's CPR number; undefined for caseworkers, analysts and the system. */
export function signedInCitizen(context: CitizenContext): string | undefined {
  const { actor } = context.caller;
  return actor.kind === 'citizen' ? actor.cpr : undefined;
}
