import { badUserInput } from '../../../platform/errors';
import { isAuthority, municipalityCodeOf } from '../../../domain/catalogue/authority';
import type { Caseworker } from '../access';
import { addYears, statusOn } from '../dates';
import { conflict } from '../errors';
import type { ExemptionReason, ExemptionRecord, NewExemption } from './exemptionStore';
import type { SelfservicePolicy } from '../policy';

export const MAX_NOTE_LENGTH = 500;

export interface GrantExemptionArgs {
  readonly citizenCpr: string;
  readonly reason: ExemptionReason;
  readonly authority?: string | null;
  readonly validFrom?: string | null;
  readonly validTo?: string | null;
  readonly openEnded?: boolean | null;
}

export interface RenewExemptionArgs {
  readonly exemptionId: string;
  readonly validTo?: string | null;
  readonly openEnded?: boolean | null;
  readonly note?: string | null;
}

/** The exemption to store for a grant, with the policy's default period filled in. */
export function newExemption(input: GrantExemptionArgs, granter: Caseworker, today: string, policy: SelfservicePolicy): NewExemption {
  if (input.authority != null && !isAuthority(input.authority)) {
    throw badUserInput(`authority must name one authority, like "municipality:0751", "udbetaling-danmark" or "agency:tax"; got "${input.authority}".`, {
      field: 'authority',
    });
  }
  const validFrom = input.validFrom ?? today;
  const validTo = endDate(input, validFrom, policy);
  if (validTo !== null && validTo < validFrom) throw badUserInput('validTo may not be before validFrom.', { field: 'validTo' });
  return {
    citizenCpr: input.citizenCpr,
    reason: input.reason,
    allAuthorities: input.authority == null,
    authorities: input.authority == null ? [] : [input.authority],
    validFrom,
    validTo,
    municipalityCode: municipalityCodeOf(granter.authority) ?? null,
  };
}

/** The new end date of a renewal; only an exemption still in force (or yet to start) can be renewed. */
export function renewedEnd(record: ExemptionRecord, input: RenewExemptionArgs, today: string, policy: SelfservicePolicy): string | null {
  assertNote(input.note);
  const status = statusOn(today, record.validFrom, record.validTo, record.revokedOn);
  if (status === 'REVOKED') throw conflict('This exemption was revoked; grant a new one instead.', { status });
  if (status === 'EXPIRED') throw conflict('This exemption has expired; grant a new one instead.', { status });
  const validTo = endDate(input, today, policy);
  if (validTo === null) return null;
  if (record.validTo === null) throw badUserInput('This exemption is already open-ended; there is no end to extend.', { field: 'validTo' });
  if (validTo <= record.validTo) throw badUserInput(`The new validTo must be after the current one (${record.validTo}).`, { field: 'validTo' });
  return validTo;
}

export function assertNote(note: string | null | undefined): void {
  if (note != null && note.length > MAX_NOTE_LENGTH) throw badUserInput(`note may be at most ${MAX_NOTE_LENGTH} characters.`, { field: 'note' });
}

function endDate(input: { validTo?: string | null; openEnded?: boolean | null }, from: string, policy: SelfservicePolicy): string | null {
  if (input.openEnded) {
    if (input.validTo != null) throw badUserInput('Give either validTo or openEnded: true, not both.', { field: 'validTo' });
    return null;
  }
  if (input.validTo != null) return input.validTo;
  return policy.exemptionDefaultYears === null ? null : addYears(from, policy.exemptionDefaultYears);
}
