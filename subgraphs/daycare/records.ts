/**
 * The daycare system's records as the client hands them on: every value the text the system sent,
 * dates as YYYYMMDD. Nothing here is trusted: mapping.ts checks each field.
 */

export interface DaycareLegacyRecord {
  readonly cpr: string;
  /** The system's status code: A (in force), V (waiting), O (ended). */
  readonly status: string;
  /** YYYYMMDD. */
  readonly since: string;
  /** Four digits. */
  readonly municipality: string;
}

/** A filing as the client sends it. */
export interface DaycareSubmission {
  readonly cpr: string;
  /** Our reference for the filing: the system files once per reference (see kit/filing.ts clientReference). */
  readonly clientReference: string;
}

/** The system's receipt for a filing (or, for a reference it has seen, the filing made then). */
export interface DaycareReceipt {
  readonly reference: string;
  readonly cpr: string;
  readonly status: string;
  /** YYYYMMDD. */
  readonly received: string;
}
