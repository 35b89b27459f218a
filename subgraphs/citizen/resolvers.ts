import { GraphQLError } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ageOn, badUserInput, CprScalar, DateScalar, parseCpr, type ParsedCpr } from '../kit';
import type { CitizenLoaders } from './loaders';
import { childrenOf, parentsOf, spouseOf, toAddress, toCivilStatus, toPersonName, type CitizenRef } from './mapping';
import type { RegisterPerson } from './registerTypes';

export interface CitizenContext {
  readonly requestId: string;
  readonly loaders: CitizenLoaders;
}

export interface CitizenResolverOptions {
  /** Today's date (ISO), for ages. */
  readonly today: () => string;
}

/** Largest list Query.citizens answers in one call. */
export const MAX_CITIZENS_PER_QUERY = 100;

export function createResolvers(options: CitizenResolverOptions): GraphQLResolverMap<CitizenContext> {
  const withPerson = <T>(map: (person: RegisterPerson) => T) =>
    async (citizen: CitizenRef, _args: unknown, context: CitizenContext): Promise<T | null> => {
      const person = await context.loaders.person.load(citizen.cpr);
      return person ? map(person) : null;
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
    },
    Citizen: {
      // Never throws: one malformed reference must not fail the whole _entities batch; its fields report it.
      __resolveReference: (reference: { cpr: string }) => {
        const result = parseCpr(String(reference.cpr));
        return { cpr: result.ok ? result.value.cpr : String(reference.cpr) };
      },
      birthDate: (citizen: CitizenRef) => parsed(citizen.cpr).birthDate,
      sex: (citizen: CitizenRef) => parsed(citizen.cpr).sex,
      passesModulus11: (citizen: CitizenRef) => parsed(citizen.cpr).passesModulus11,
      age: (citizen: CitizenRef) => ageOn(parsed(citizen.cpr).birthDate, options.today()),
      name: withPerson((person) => toPersonName(person.name)),
      address: withPerson((person) => (person.address ? toAddress(person.address) : null)),
      civilStatus: withPerson((person) => (person.civilStatus ? toCivilStatus(person.civilStatus.code) : null)),
      civilStatusSince: withPerson((person) => person.civilStatus?.since ?? null),
      spouse: withPerson(spouseOf),
      parents: withPerson(parentsOf),
      children: withPerson(childrenOf),
    },
  } as GraphQLResolverMap<CitizenContext>;
}

/**
 * Citizens in input order, null where the register says "not found". When the register fails,
 * the citizen is still returned (its CPR-derived fields hold); its register fields then carry the error.
 */
async function findCitizens(cprs: readonly string[], context: CitizenContext): Promise<(CitizenRef | null)[]> {
  const results = await context.loaders.person.loadMany(cprs);
  return results.map((result, i) => {
    if (result instanceof Error) {
      if (isLegacyFailure(result)) return { cpr: cprs[i] };
      throw result;
    }
    return result ? { cpr: cprs[i] } : null;
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
