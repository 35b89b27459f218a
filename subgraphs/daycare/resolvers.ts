import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar, DateScalar } from '../../domain';
import { readForCitizen } from '../kit';
import type { DaycareContext } from './context';
import { createApplyForDaycarePlace, type FilingDeps } from './applyForDaycarePlace';

export type { DaycareContext } from './context';

interface CitizenRef {
  readonly cpr: string;
}

/** The daycare subgraph's resolvers: every Citizen field authorizes first (domain "daycare"), then reads through a loader. */
export function createResolvers(deps: FilingDeps): GraphQLResolverMap<DaycareContext> {
  return {
    CPR: CprScalar,
    Date: DateScalar,
    Citizen: {
      // No check here: the stub carries only the CPR number the caller sent; every field checks.
      __resolveReference: ({ cpr }: CitizenRef) => ({ cpr }),
      daycare: ({ cpr }: CitizenRef, _args: unknown, ctx: DaycareContext) => readForCitizen(ctx, cpr, 'daycare', () => ctx.loaders.record.load(cpr)),
    },
    Mutation: {
      applyForDaycarePlace: createApplyForDaycarePlace(deps),
    },
  };
}
