import type DataLoader from 'dataloader';
import { type FreshnessReport, LegacyError, type ReadThroughCache, createBatchLoader, legacyGraphQLError } from '../kit';
import type { AnsoegningSide } from './housingRecords';
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

export interface LoaderCaching {
  /** Shared across requests; without it every load goes to the housing system. */
  readonly cache?: ReadThroughCache;
  /** Where this request notes stale answers it was given. */
  readonly freshness?: FreshnessReport;
}

/** Loads one key: the mapped record, null for "not found"; throws a GraphQLError naming the housing system. */
export interface HousingLoader<T> {
  load(key: string): Promise<T | null>;
}

/**
 * Per-request loaders over the housing client's batch operations. Make one set per request.
 *
 * Decision: the cache holds the records as the housing system sent them, and they are mapped
 * on every load. So one unreadable record fails only its own key, is never cached as a
 * half-mapped value, and a mapping fix takes effect without emptying the cache.
 */
export function createLoaders(client: HousingClient, { cache, freshness }: LoaderCaching = {}) {
  return {
    dwelling: mapped(createBatchLoader({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.dwelling,
      cache,
      freshness,
      fetchMany: (cprs) => client.dwellings(cprs),
    }), toDwelling) satisfies HousingLoader<Dwelling>,
    housingBenefit: mapped(createBatchLoader({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.housingBenefit,
      cache,
      freshness,
      fetchMany: (cprs) => client.housingBenefits(cprs),
    }), toHousingBenefit) satisfies HousingLoader<HousingBenefit>,
    applicationPage: mapped(createBatchLoader({
      system: HOUSING_SYSTEM,
      kind: HOUSING_KINDS.applicationPage,
      cache,
      freshness,
      fetchMany: (keys) => fetchApplicationPages(client, keys),
    }), toApplicationPage) satisfies HousingLoader<ApplicationPage>,
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
  await Promise.all([...groups.values()].map(async ({ page, pageSize, cprs }) => {
    for (const [cpr, side] of await client.applicationPages(cprs, page, pageSize)) result.set(applicationPageKey(cpr, page, pageSize), side);
  }));
  return result;
}

function toApplicationPage(side: AnsoegningSide): ApplicationPage {
  return { totalCount: side.ANTAL_I_ALT, applications: side.POSTER.map(toApplication) };
}

/** A record we cannot read fails its own key only, as LEGACY_ERROR naming the housing system. */
function mapped<R, T>(loader: DataLoader<string, R | null>, map: (record: R) => T): HousingLoader<T> {
  return {
    async load(key) {
      const record = await loader.load(key);
      if (record === null) return null;
      try {
        return map(record);
      } catch (error) {
        throw error instanceof LegacyError ? legacyGraphQLError(error) : error;
      }
    },
  };
}
