import { GraphQLError } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ageOn, CprScalar, DateScalar, parseCpr, type ParsedCpr } from '../../domain';
import { badUserInput } from '../../platform';
import type { createChangeAddressResolver } from './addressChange';
import {
  assertMayRead,
  assertSystemMayRead,
  mayRead,
  municipalityOnly,
  needsRecord,
  recordRead,
  residenceOf,
  servedFromCaseload,
  signedInCitizen,
} from './access';
import type { CitizenContext } from './context';
import { withGrantorNameForHolder } from './grantorName';
import { childrenOf, parentsOf, spouseOf, toAddress, toCivilStatus, toPersonName, type CitizenRef } from './mapping';
import type { RegisterPerson } from '../../domain/register/registerTypes';

export type { CitizenContext } from './context';

export interface CitizenResolverDeps {
  readonly changeAddress: ReturnType<typeof createChangeAddressResolver>;
}

/** Largest list Query.citizens answers in one call. */
export const MAX_CITIZENS_PER_QUERY = 100;

/**
 * Every Citizen field checks the caller against that citizen BEFORE reading anything (a
 * forbidden citizen costs no register call; only a caseworker's caseload is decided on the record)
 * and notes the read for the citizen's access log.
 */
export function createResolvers(deps: CitizenResolverDeps): GraphQLResolverMap<CitizenContext> {
  const registerField =
    <T>(field: string, map: (person: RegisterPerson, context: CitizenContext) => T) =>
    async (citizen: CitizenRef, _args: unknown, context: CitizenContext): Promise<T | null> => {
      await assertMayRead(context, citizen.cpr);
      assertSystemMayRead(context, field);
      const person = await context.loaders.person.load(citizen.cpr);
      if (!person) return null;
      recordRead(context, citizen.cpr);
      return map(person, context);
    };

  // The CPR number alone gives birth date and sex: personal data, checked like the register's.
  const numberField =
    <T>(map: (cpr: ParsedCpr, context: CitizenContext) => T) =>
    async (citizen: CitizenRef, _args: unknown, context: CitizenContext): Promise<T> => {
      await assertMayRead(context, citizen.cpr);
      assertSystemMayRead(context, 'number');
      const value = map(parsed(citizen.cpr), context);
      recordRead(context, citizen.cpr);
      return value;
    };

  return {
    CPR: CprScalar,
    Date: DateScalar,
    Query: {
      citizen: async (_root: unknown, { cpr }: { cpr: string }, context: CitizenContext) => {
        const [found] = await findCitizens([cpr], context);
        return found;
      },
      citizens: async (_root: unknown, { cprs }: { cprs: string[] }, context: CitizenContext) => {
        if (cprs.length > MAX_CITIZENS_PER_QUERY) {
          throw badUserInput(`citizens takes at most ${MAX_CITIZENS_PER_QUERY} CPR numbers, got ${cprs.length}.`, { max: MAX_CITIZENS_PER_QUERY });
        }
        return findCitizens(cprs, context);
      },
      me: (_root: unknown, _args: unknown, context: CitizenContext): CitizenRef | null => {
        const cpr = signedInCitizen(context);
        return cpr ? { cpr, known: true } : null;
      },
      actingFor: (_root: unknown, _args: unknown, context: CitizenContext): CitizenRef | null => {
        const cpr = context.caller.actingFor?.cpr ?? signedInCitizen(context);
        return cpr ? { cpr, known: true } : null;
      },
    },
    Mutation: {
      changeAddress: deps.changeAddress,
    },
    AddressChangeResult: {
      citizen: ({ cpr }: { cpr: string }): CitizenRef => ({ cpr, known: true }),
    },
    Citizen: {
      // Never throws: one malformed reference must not fail the whole _entities batch; its fields report it.
      __resolveReference: (reference: { cpr: string }): CitizenRef => {
        const result = parseCpr(String(reference.cpr));
        return { cpr: result.ok ? result.value.cpr : String(reference.cpr) };
      },
      cpr: async (citizen: CitizenRef, _args: unknown, context: CitizenContext) => {
        if (!citizen.known) await assertMayRead(context, citizen.cpr);
        return citizen.cpr;
      },
      birthDate: numberField((cpr) => cpr.birthDate),
      sex: numberField((cpr) => cpr.sex),
      passesModulus11: numberField((cpr) => cpr.passesModulus11),
      age: numberField((cpr, context) => ageOn(cpr.birthDate, context.today)),
      // A holder of the citizen's power of attorney in force may read the name alone (grantorName.ts).
      name: withGrantorNameForHolder(
        registerField('name', (person) => toPersonName(person.name)),
        (context, cpr) => mayRead(context, cpr),
      ),
      address: registerField('address', (person, context) => {
        if (!person.address) return null;
        const address = toAddress(person.address);
        return context.caller.actor.kind === 'system' ? municipalityOnly(address) : address;
      }),
      civilStatus: registerField('civilStatus', (person) => (person.civilStatus ? toCivilStatus(person.civilStatus.code) : null)),
      civilStatusSince: registerField('civilStatusSince', (person) => person.civilStatus?.since ?? null),
      spouse: registerField('spouse', spouseOf),
      parents: registerField('parents', parentsOf),
      children: registerField('children', childrenOf),
    },
  } as GraphQLResolverMap<CitizenContext>;
}

/**
 * Citizens in input order. One the caller may read is looked up: null where the register says
 * "not found"; when the register fails it is still returned (its register fields carry the
 * error). One the caller may not read is returned unread, so existence is never revealed and
 * other subgraphs' fields the caller may read stay reachable; its fields here say FORBIDDEN.
 */
async function findCitizens(cprs: readonly string[], context: CitizenContext): Promise<(CitizenRef | null)[]> {
  // A caseworker's caseload is decided on the record, so theirs are read too, and checked below.
  const readable = [...new Set(cprs.filter((cpr) => mayRead(context, cpr) || needsRecord(context, cpr)))];
  const results = await context.loaders.person.loadMany(readable);
  const byCpr = new Map(readable.map((cpr, i) => [cpr, results[i]]));
  return cprs.map((cpr) => {
    if (!byCpr.has(cpr)) return { cpr, known: true };
    const result = byCpr.get(cpr);
    if (result instanceof Error) {
      if (isLegacyFailure(result)) return { cpr, known: true };
      throw result;
    }
    if (!mayRead(context, cpr, result)) return { cpr, known: true };
    if (!result) return null;
    recordRead(context, cpr);
    if (needsRecord(context, cpr)) servedFromCaseload(context, cpr, residenceOf(result));
    return { cpr, known: true };
  });
}

function isLegacyFailure(error: Error): boolean {
  return error instanceof GraphQLError && typeof error.extensions.legacySystem === 'string';
}

/** CPR numbers from arguments passed the CPR scalar; entity references are checked here. */
function parsed(cpr: string): ParsedCpr {
  const result = parseCpr(cpr);
  if (!result.ok) throw badUserInput(`Invalid CPR number in a Citizen reference: ${result.reason}.`, { reason: result.reason });
  return result.value;
}
