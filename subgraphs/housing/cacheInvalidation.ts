import { type Logger, messageOf, type ReadThroughCache } from '../../platform';
import { HOUSING_MAX_BATCH, type HousingClient } from './housingClient';
import { applicationPageKey, HOUSING_KINDS } from './loaders';
import { HOUSING_SYSTEM } from './mapping';

/** How many applications to assume when the housing system cannot say how many a citizen has. */
export const ASSUMED_APPLICATION_COUNT = 500;

/**
 * Every application-page key that can hold a citizen's applications: each page size the loader
 * asks for (1 to 100), each page up to one past the last. A filing shifts every position by one,
 * so all of them change, and an empty page past the end changes its total.
 */
export function applicationPageKeys(cpr: string, applicationCount: number): string[] {
  const keys: string[] = [];
  for (let size = 1; size <= HOUSING_MAX_BATCH; size++) {
    const pages = Math.ceil(applicationCount / size) + 1;
    for (let page = 1; page <= pages; page++) keys.push(applicationPageKey(cpr, page, size));
  }
  return keys;
}

/**
 * After a filing: drops the citizen's cached housing benefit (a filing can open a case) and every
 * cached page of their applications, so the next read sees the new application. If the cache
 * cannot be reached this throws, and the kit's finishFiling logs it (entries age out with their TTL).
 */
export async function invalidateAfterFiling(deps: { cache?: ReadThroughCache; client: HousingClient; logger: Logger }, cpr: string): Promise<void> {
  const { cache, client, logger } = deps;
  if (!cache) return;
  let count = ASSUMED_APPLICATION_COUNT;
  try {
    count = Math.max((await client.applicationPages([cpr], 1, 1)).get(cpr)?.ANTAL_I_ALT ?? 0, 1);
  } catch (error) {
    logger.warn('housing: could not count applications after a filing; invalidating pages for an assumed count', { assumed: count, message: messageOf(error) });
  }
  await cache.invalidate(HOUSING_SYSTEM, HOUSING_KINDS.housingBenefit, [cpr]);
  await cache.invalidate(HOUSING_SYSTEM, HOUSING_KINDS.applicationPage, applicationPageKeys(cpr, count));
}
