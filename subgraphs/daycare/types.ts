/** The graph's daycare shapes (mirroring schema.graphql); mapping.ts produces them from the system's records. */

export type DaycareStatus = 'ACTIVE' | 'PENDING' | 'ENDED';

export interface DaycareRecord {
  readonly status: DaycareStatus;
  /** ISO date. */
  readonly since: string;
  readonly municipalityCode: string;
}

/** What the daycare system answers for a filing, mapped (see mapping.ts). */
export interface DaycareFiled {
  readonly reference: string;
  readonly status: DaycareStatus;
  readonly receivedOn: string;
}
