/**
 * The daycare system's records as the client hands them on: every value the text the system sent,
 * dates as YYYYMMDD. Nothing here is trusted: mapping.ts checks each field.
 */

export interface DaycareLegacyRecord {
  readonly cpr: string;
  /** The system's status code: P (placed), V (waiting), O (ended). */
  readonly status: string;
  /** TILBUD: VUG (nursery), BHV (kindergarten), SFO (after-school care), FRI (youth club). */
  readonly offer: string;
  /** The institution's name; empty while waiting. */
  readonly institution: string;
  /** YYYYMMDD: when the place started, or is wanted from while waiting. */
  readonly since: string;
  /** Four digits. */
  readonly municipality: string;
  /** VENTELISTE_NR: the place in the municipality's queue for the offer; "0" unless waiting. */
  readonly queue: string;
}

/** A filing as the client sends it. */
export interface DaycareSubmission {
  readonly cpr: string;
  /** Our reference for the filing: the system files once per reference (see kit/filing.ts clientReference). */
  readonly clientReference: string;
  /** TILBUD code. */
  readonly offer: string;
  /** YYYYMMDD. */
  readonly wantedStart: string;
}

/** The system's receipt for a filing (or, for a reference it has seen, the filing made then). */
export interface DaycareReceipt {
  readonly reference: string;
  readonly cpr: string;
  readonly status: string;
  /** YYYYMMDD. */
  readonly received: string;
  /** VENTELISTE_NR: the child's place in the queue. */
  readonly queue: string;
}
