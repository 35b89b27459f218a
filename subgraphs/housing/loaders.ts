import { createBatchLoader, type LoaderCaching } from '../kit';
import type { AnsoegningSide, BoligPost, BoligstoettePost } from './housingRecords';
import type { HousingClient } from './housingClient';
import { HOUSING_SYSTEM, toApplication, toDwelling, toHousingBenefit } from './mapping';
import type { Dwelling, HousingBenefit, HousingBenefitApplication } from './types';

/** One citizen's legacy page of applications, mapped. */
export interface ApplicationPage {
  readonly totalCount: number;
  readonly applications: readonly HousingBenefitApplication[];
}

/** Key of the application-page loader: the same page for many citizens is one legacy call. */
export function applicationPageKey(cpr: string, page: number, pageSize: number): string {
  return `${cpr}|${page}|${pageSize}`;
}

/** The record kinds the loaders cache under (part of every cache key: keep them stable). */
export const HOUSING_KINDS = {
  dwelling: 'dwelling',
  housingBenefit: 'housing-benefit',
  applicationPage: 'housing-benefit-application-page',
} as const;

/**
 * Per-request loaders over the housing client's batch operations. Make one set per request.
 *
 * The cache holds the records as the housing system sent them; the kit maps them after it
 * (see BatchLoaderOptions.map), so one unreadable record fails only its own key.
 */
export function createLoaders(client: HousingClient, { cache, freshness }: LoaderCaching = {}) {
  return {
    dwelling: createBatchLoader<BoligPost, Dwelling>({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.dwelling,
      cache,
      freshness,
      fetchMany: (cprs) => client.dwellings(cprs),
      map: toDwelling,
    }),
    housingBenefit: createBatchLoader<BoligstoettePost, HousingBenefit>({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.housingBenefit,
      cache,
      freshness,
      fetchMany: (cprs) => client.housingBenefits(cprs),
      map: toHousingBenefit,
    }),
    applicationPage: createBatchLoader<AnsoegningSide, ApplicationPage>({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.applicationPage,
      cache,
      freshness,
      fetchMany: (keys) => fetchApplicationPages(client, keys),
      map: toApplicationPage,
    }),
  };
}

export type HousingLoaders = ReturnType<typeof createLoaders>;

/** Groups keys by (page, size): one batch call per group, in practice one per request. */
async function fetchApplicationPages(client: HousingClient, keys: readonly string[]): Promise<Map<string, AnsoegningSide>> {
  const groups = new Map<string, { page: number; pageSize: number; cprs: string[] }>();
  for (const key of keys) {
    const [cpr, page, pageSize] = key.split('|');
    const group = groups.get(`${page}|${pageSize}`) ?? { page: Number(page), pageSize: Number(pageSize), cprs: [] };
    group.cprs.push(cpr);
    groups.set(`${page}|${pageSize}`, group);
  }
  const result = new Map<string, AnsoegningSide>();
  await Promise.all(
    [...groups.values()].map(async ({ page, pageSize, cprs }) => {
      for (const [cpr, side] of await client.applicationPages(cprs, page, pageSize)) result.set(applicationPageKey(cpr, page, pageSize), side);
    }),
  );
  return result;
}

function toApplicationPage(side: AnsoegningSide): ApplicationPage {
  return { totalCount: side.ANTAL_I_ALT, applications: side.POSTER.map(toApplication) };
}
