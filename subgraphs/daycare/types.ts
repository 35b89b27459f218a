/** The graph's daycare shapes (mirroring schema.graphql); mapping.ts produces them from the system's records. */

export type DaycareStatus = 'PLACED' | 'WAITING' | 'ENDED';

export type DaycareOffer = 'NURSERY' | 'KINDERGARTEN' | 'AFTER_SCHOOL_CARE' | 'YOUTH_CLUB';

export interface DaycarePlace {
  readonly status: DaycareStatus;
  readonly offer: DaycareOffer;
  /** Null while waiting. */
  readonly institution: string | null;
  /** ISO date: when the place started, or is wanted from while waiting. */
  readonly since: string;
  readonly municipalityCode: string;
  /** Null unless waiting. */
  readonly waitingListPosition: number | null;
}

/** What the daycare system answers for an application, mapped (see mapping.ts). */
export interface DaycareFiled {
  readonly reference: string;
  readonly status: DaycareStatus;
  readonly receivedOn: string;
  readonly waitingListPosition: number;
}
