import { createBatchLoader } from '../kit/batchLoader';
import type { BenefitsRepository, CitizenPaymentPageRequest, ClaimPaymentPageRequest, PaymentRow } from './benefitsRepository';

const SYSTEM = 'benefits';
/** ANY($1) and unnest take large arrays; one statement per kind of read for a whole page of citizens. */
const MAX_BATCH = 1000;

/** Per-request DataLoaders, one per kind of read; each batch is one SQL statement. */
export function createLoaders(repository: BenefitsRepository) {
  return {
    /** CPR -> claims. */
    claims: createBatchLoader({ system: SYSTEM, kind: 'claim', maxBatchSize: MAX_BATCH, fetchMany: (cprs) => repository.claimsByCprs(cprs) }),
    /** citizenPageKey(...) -> one page of that citizen's payments. */
    citizenPaymentPages: createBatchLoader<PaymentRow[]>({
      system: SYSTEM,
      kind: 'payment-page',
      maxBatchSize: MAX_BATCH,
      fetchMany: async (keys) => zip(keys, await repository.paymentPagesByCitizen(keys.map((key) => JSON.parse(key) as CitizenPaymentPageRequest))),
    }),
    /** claimPageKey(...) -> one page of that claim's payments. */
    claimPaymentPages: createBatchLoader<PaymentRow[]>({
      system: SYSTEM,
      kind: 'payment-page',
      maxBatchSize: MAX_BATCH,
      fetchMany: async (keys) => zip(keys, await repository.paymentPagesByClaim(keys.map((key) => JSON.parse(key) as ClaimPaymentPageRequest))),
    }),
    /** CPR -> payment counts by claim type letter. */
    citizenPaymentCounts: createBatchLoader({ system: SYSTEM, kind: 'payment-count', maxBatchSize: MAX_BATCH, fetchMany: (cprs) => repository.paymentCountsByCprs(cprs) }),
    /** claim id -> payment count. */
    claimPaymentCounts: createBatchLoader({ system: SYSTEM, kind: 'payment-count', maxBatchSize: MAX_BATCH, fetchMany: (ids) => repository.paymentCountsByClaims(ids) }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The loader key of a page request: equal requests share one key, so DataLoader dedupes them. */
export function citizenPageKey(request: CitizenPaymentPageRequest): string {
  return JSON.stringify({ cpr: request.cpr, typeCode: request.typeCode, after: request.after, limit: request.limit });
}

export function claimPageKey(request: ClaimPaymentPageRequest): string {
  return JSON.stringify({ claimId: request.claimId, after: request.after, limit: request.limit });
}

function zip<V>(keys: readonly string[], values: readonly V[]): Map<string, V> {
  return new Map(keys.map((key, i) => [key, values[i]]));
}
