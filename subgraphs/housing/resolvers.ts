import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar, DateScalar } from '../../domain';
import { readForCitizen } from '../kit';
import { createApplyForHousingBenefit, type FilingDeps } from './applyForHousingBenefit';
import type { HousingContext } from './context';
import { type HousingLoaders, applicationPageKey } from './loaders';
import { checkFirst, encodeCursor, planPages, startAfter } from './pagination';
import type { HousingBenefitApplication } from './types';

export type { HousingContext } from './context';

interface CitizenRef {
  readonly cpr: string;
}

/** The housing subgraph's resolvers; they read through loaders only, after authorizing. */
export function createResolvers(deps: FilingDeps): GraphQLResolverMap<HousingContext> {
  return {
    CPR: CprScalar,
    Date: DateScalar,
    Citizen: {
      // No check here: the stub carries only the CPR number the caller sent; every field checks.
      __resolveReference: ({ cpr }: CitizenRef) => ({ cpr }),
      dwelling: ({ cpr }: CitizenRef, _args: unknown, ctx: HousingContext) => readForCitizen(ctx, cpr, 'housing', () => ctx.loaders.dwelling.load(cpr)),
      housingBenefit: ({ cpr }: CitizenRef, _args: unknown, ctx: HousingContext) =>
        readForCitizen(ctx, cpr, 'housing', () => ctx.loaders.housingBenefit.load(cpr)),
      housingBenefitApplications: ({ cpr }: CitizenRef, args: { first: number; after?: string | null }, ctx: HousingContext) =>
        readForCitizen(ctx, cpr, 'housing', () => applicationConnection(cpr, args, ctx.loaders)),
    },
    Mutation: {
      applyForHousingBenefit: createApplyForHousingBenefit(deps),
    },
  };
}

async function applicationConnection(cpr: string, args: { first: number; after?: string | null }, loaders: HousingLoaders) {
  const first = checkFirst(args.first);
  const start = startAfter(args.after);
  const plan = planPages(start, first);
  const pages = await Promise.all(plan.pages.map((page) => loaders.applicationPage.load(applicationPageKey(cpr, page, plan.pageSize))));
  let totalCount = 0;
  const items: HousingBenefitApplication[] = [];
  for (const page of pages) {
    totalCount = page?.totalCount ?? 0;
    items.push(...(page?.applications ?? []));
  }
  const edges = items.slice(plan.skip, plan.skip + first).map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage: start + edges.length < totalCount, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
