import { createBatchLoader, type LoaderCaching } from '../kit/batchLoader';
import type { BenefitsRepository, CitizenPaymentPageRequest, ClaimPaymentPageRequest, PaymentRow } from './benefitsRepository';

export const BENEFITS_SYSTEM = 'benefits';
/** ANY($1) and unnest take large arrays; one statement per kind of read for a whole page of citizens. */
const MAX_BATCH = 1000;

/** Cache kinds (part of every cache key) of the entries a write must invalidate. */
export const CACHE_KINDS = {
  claims: 'claim',
  applications: 'application',
} as const;

/** The cache and this request's freshness report (the kit's LoaderCaching). */
export type LoaderOptions = LoaderCaching;

/** Per-request DataLoaders, one per kind of read; each batch is at most one SQL statement (none on cache hits). */
export function createLoaders(repository: BenefitsRepository, options: LoaderOptions = {}) {
  const { cache, freshness } = options;
  const common = { system: BENEFITS_SYSTEM, maxBatchSize: MAX_BATCH, cache, freshness } as const;
  return {
    /** CPR -> claims. */
    claims: createBatchLoader({ ...common, kind: CACHE_KINDS.claims, fetchMany: (cprs) => repository.claimsByCprs(cprs) }),
    /** CPR -> applications received. */
    applications: createBatchLoader({ ...common, kind: CACHE_KINDS.applications, fetchMany: (cprs) => repository.applicationsByCprs(cprs) }),
    /** citizenPageKey(...) -> one page of that citizen's payments. */
    citizenPaymentPages: createBatchLoader<PaymentRow[]>({
      ...common,
      kind: 'payment-page',
      fetchMany: async (keys) => zip(keys, await repository.paymentPagesByCitizen(keys.map((key) => JSON.parse(key) as CitizenPaymentPageRequest))),
    }),
    /** claimPageKey(...) -> one page of that claim's payments. */
    claimPaymentPages: createBatchLoader<PaymentRow[]>({
      ...common,
      kind: 'payment-page',
      fetchMany: async (keys) => zip(keys, await repository.paymentPagesByClaim(keys.map((key) => JSON.parse(key) as ClaimPaymentPageRequest))),
    }),
    /** CPR -> payment counts by claim type letter. Its own kind: claim ids and CPRs must never share a cache key. */
    citizenPaymentCounts: createBatchLoader({ ...common, kind: 'payment-count-by-type', fetchMany: (cprs) => repository.paymentCountsByCprs(cprs) }),
    /** claim id -> payment count. */
    claimPaymentCounts: createBatchLoader({ ...common, kind: 'payment-count', fetchMany: (ids) => repository.paymentCountsByClaims(ids) }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The loader key of a page request: equal requests share one key, so DataLoader (and the cache) dedupe them. */
export function citizenPageKey(request: CitizenPaymentPageRequest): string {
  return JSON.stringify({ cpr: request.cpr, typeCode: request.typeCode, after: request.after, limit: request.limit });
}

export function claimPageKey(request: ClaimPaymentPageRequest): string {
  return JSON.stringify({ claimId: request.claimId, after: request.after, limit: request.limit });
}

function zip<V>(keys: readonly string[], values: readonly V[]): Map<string, V> {
  return new Map(keys.map((key, i) => [key, values[i]]));
}
