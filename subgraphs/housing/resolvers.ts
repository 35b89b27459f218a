import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CprScalar, DateScalar } from '../kit';
import { type HousingLoaders, applicationPageKey } from './loaders';
import { checkFirst, encodeCursor, planPages, startAfter } from './pagination';
import type { HousingBenefitApplication } from './types';

/** The per-request context; identity and acting-for checks will join it in server.ts. */
export interface HousingContext {
  readonly requestId: string;
  readonly loaders: HousingLoaders;
}

interface CitizenRef {
  readonly cpr: string;
}

export const resolvers: GraphQLResolverMap<HousingContext> = {
  CPR: CprScalar,
  Date: DateScalar,
  Citizen: {
    __resolveReference: ({ cpr }: CitizenRef) => ({ cpr }),
    dwelling: ({ cpr }: CitizenRef, _args: unknown, { loaders }: HousingContext) => loaders.dwelling.load(cpr),
    housingBenefit: ({ cpr }: CitizenRef, _args: unknown, { loaders }: HousingContext) => loaders.housingBenefit.load(cpr),
    housingBenefitApplications: ({ cpr }: CitizenRef, args: { first: number; after?: string | null }, { loaders }: HousingContext) =>
      applicationConnection(cpr, args, loaders),
  },
};

async function applicationConnection(cpr: string, args: { first: number; after?: string | null }, loaders: HousingLoaders) {
  const first = checkFirst(args.first);
  const start = startAfter(args.after);
  const plan = planPages(start, first);
  const pages = await Promise.all(plan.pages.map((page) => loaders.applicationPage.load(applicationPageKey(cpr, page, plan.pageSize))));
  let totalCount = 0;
  const items: HousingBenefitApplication[] = [];
  for (const page of pages) {
    if (page instanceof Error) throw page;
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
