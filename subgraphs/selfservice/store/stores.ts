import type { SqlClient } from '../../../platform/sql';
import { AccessLogStore } from '../accessLog/accessLogStore';
import { DelegationStore } from '../delegations/delegationStore';
import { ExemptionStore } from '../exemptions/exemptionStore';
import { FilingStore } from '../filings/filingStore';
import { IdempotencyStore } from '../../kit/idempotency';
import { UptakeStore } from '../uptake/uptakeStore';
import { OutcomesStore } from '../outcomes/outcomesStore';
import { RatingStore } from '../ratings/ratingStore';

/** Every store of the selfservice database, over one SqlClient. */
export interface SelfserviceStores {
  readonly exemptions: ExemptionStore;
  readonly delegations: DelegationStore;
  readonly accessLog: AccessLogStore;
  readonly filings: FilingStore;
  readonly uptake: UptakeStore;
  readonly outcomes: OutcomesStore;
  readonly ratings: RatingStore;
  readonly idempotency: IdempotencyStore;
}

export function createStores(sql: SqlClient): SelfserviceStores {
  return {
    exemptions: new ExemptionStore(sql),
    delegations: new DelegationStore(sql),
    accessLog: new AccessLogStore(sql),
    filings: new FilingStore(sql),
    uptake: new UptakeStore(sql),
    outcomes: new OutcomesStore(sql),
    ratings: new RatingStore(),
    idempotency: new IdempotencyStore(sql),
  };
}
