import type { Money } from '../../domain';

/** The graph's housing shapes (mirroring schema.graphql); mapping.ts produces them. */

export type DwellingType = 'RENTED_APARTMENT' | 'RENTED_HOUSE' | 'RENTED_ROOM' | 'COOPERATIVE_HOUSING' | 'OWNER_OCCUPIED' | 'SENIOR_HOUSING';

export type HousingBenefitStatus = 'PENDING' | 'GRANTED' | 'REJECTED' | 'ENDED';

export interface Dwelling {
  readonly type: DwellingType;
  readonly monthlyRent: Money | null;
  readonly areaSquareMetres: number;
  readonly residents: number;
  readonly movedInOn: string;
}

export interface HousingBenefitPeriod {
  readonly from: string;
  readonly to: string | null;
}

export interface HousingBenefit {
  readonly status: HousingBenefitStatus;
  readonly monthlyAmount: Money | null;
  readonly grantedOn: string | null;
  readonly period: HousingBenefitPeriod | null;
}

export interface HousingBenefitApplication {
  readonly applicationNumber: string;
  readonly receivedOn: string;
  readonly status: HousingBenefitStatus;
  readonly decidedOn: string | null;
  readonly decisionReason: string | null;
}

/** What a citizen (or someone acting for them) files; amounts in øre. */
export interface HousingBenefitApplicationFiling {
  readonly cpr: string;
  readonly dwellingType: DwellingType;
  /** Null for owner-occupied dwellings. */
  readonly monthlyRentOre: bigint | null;
  readonly areaSquareMetres: number;
  readonly residents: number;
  readonly householdIncomeOre: bigint;
  /** Our reference for the filing (KLIENT_REF): the system files once per reference. */
  readonly clientReference?: string;
}

/** The system's receipt for a filed application (or, for a reference it has seen, the application filed then). */
export interface FiledHousingBenefitApplication {
  readonly applicationNumber: string;
  readonly status: HousingBenefitStatus;
  readonly receivedOn: string;
}
