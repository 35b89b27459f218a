/** Calendar arithmetic on ISO dates (YYYY-MM-DD); which day it is comes from the request (kit/clock.ts). */

/** Same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether [from, to] (to null = open-ended) contains `day`, and the record was not revoked by then. */
export function inForceOn(day: string, from: string, to: string | null, revokedOn: string | null): boolean {
  return from <= day && (to === null || to >= day) && (revokedOn === null || revokedOn > day);
}

/** Where a dated record stands on `day`: what ExemptionStatus and DelegationStatus report. */
export type RecordStatus = 'SCHEDULED' | 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export function statusOn(day: string, from: string, to: string | null, revokedOn: string | null): RecordStatus {
  if (revokedOn !== null && revokedOn <= day) return 'REVOKED';
  if (from > day) return 'SCHEDULED';
  return to !== null && to < day ? 'EXPIRED' : 'ACTIVE';
}
