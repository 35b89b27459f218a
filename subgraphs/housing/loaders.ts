import type { GraphQLError } from 'graphql';
import { LegacyError, createBatchLoader, legacyGraphQLError } from '../kit';
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

/** Per-request loaders over the housing client's batch operations. Make one set per request. */
export function createLoaders(client: HousingClient) {
  return {
    dwelling: createBatchLoader<Dwelling | GraphQLError>({
      system: HOUSING_SYSTEM,
      kind: 'dwelling',
      fetchMany: async (cprs) => mapEach(await client.dwellings(cprs), toDwelling),
    }),
    housingBenefit: createBatchLoader<HousingBenefit | GraphQLError>({
      system: HOUSING_SYSTEM,
      kind: 'housing-benefit',
      fetchMany: async (cprs) => mapEach(await client.housingBenefits(cprs), toHousingBenefit),
    }),
    applicationPage: createBatchLoader<ApplicationPage | GraphQLError>({
      system: HOUSING_SYSTEM,
      kind: 'housing-benefit-application-page',
      fetchMany: (keys) => fetchApplicationPages(client, keys),
    }),
  };
}

export type HousingLoaders = ReturnType<typeof createLoaders>;

/** Groups keys by (page, size): one batch call per group, in practice one per request. */
async function fetchApplicationPages(client: HousingClient, keys: readonly string[]): Promise<Map<string, ApplicationPage | GraphQLError>> {
  const groups = new Map<string, { page: number; pageSize: number; cprs: string[] }>();
  for (const key of keys) {
    const [cpr, page, pageSize] = key.split('|');
    const group = groups.get(`${page}|${pageSize}`) ?? { page: Number(page), pageSize: Number(pageSize), cprs: [] };
    group.cprs.push(cpr);
    groups.set(`${page}|${pageSize}`, group);
  }
  const result = new Map<string, ApplicationPage | GraphQLError>();
  await Promise.all([...groups.values()].map(async ({ page, pageSize, cprs }) => {
    const pages = mapEach(await client.applicationPages(cprs, page, pageSize), toApplicationPage);
    for (const [cpr, value] of pages) result.set(applicationPageKey(cpr, page, pageSize), value);
  }));
  return result;
}

function toApplicationPage(side: AnsoegningSide): ApplicationPage {
  return { totalCount: side.ANTAL_I_ALT, applications: side.POSTER.map(toApplication) };
}

/** Maps each record; one unreadable record fails only its own key (DataLoader rejects Error values). */
function mapEach<R, T>(records: ReadonlyMap<string, R>, map: (record: R) => T): Map<string, T | GraphQLError> {
  const mapped = new Map<string, T | GraphQLError>();
  for (const [cpr, record] of records) {
    try {
      mapped.set(cpr, map(record));
    } catch (error) {
      if (!(error instanceof LegacyError)) throw error;
      mapped.set(cpr, legacyGraphQLError(error));
    }
  }
  return mapped;
}
