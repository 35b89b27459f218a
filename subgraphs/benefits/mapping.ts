import { isIsoDate } from '../../domain/dateScalar';
import { LegacyError } from '../../platform/errors';
import { moneyFromOre, type Money } from '../../domain/money';
import type { ApplicationRow, ClaimRow, PaymentRow } from './benefitsRepository';

export type BenefitType = 'STATE_PENSION' | 'CHILD_BENEFIT' | 'SICKNESS_BENEFIT' | 'CASH_ASSISTANCE';
export type BenefitClaimStatus = 'ACTIVE' | 'PENDING' | 'ENDED' | 'REJECTED';
export type BenefitPaymentStatus = 'PAID' | 'HELD' | 'RETURNED';
export type ApplicationStatus = 'RECEIVED' | 'IN_PROGRESS' | 'GRANTED' | 'REJECTED';
export type ApplicationChannel = 'DIGITAL' | 'ASSISTED';

/** KRV_TYPE / ANS_TYPE letters. */
const BENEFIT_TYPES: Readonly<Record<string, BenefitType>> = { F: 'STATE_PENSION', B: 'CHILD_BENEFIT', S: 'SICKNESS_BENEFIT', K: 'CASH_ASSISTANCE' };
/** KRV_STAT letters. */
const CLAIM_STATUSES: Readonly<Record<string, BenefitClaimStatus>> = { A: 'ACTIVE', V: 'PENDING', O: 'ENDED', L: 'REJECTED' };
/** UDB_STAT letters. */
const PAYMENT_STATUSES: Readonly<Record<string, BenefitPaymentStatus>> = { U: 'PAID', T: 'HELD', R: 'RETURNED' };
/** ANS_STAT letters. */
const APPLICATION_STATUSES: Readonly<Record<string, ApplicationStatus>> = { M: 'RECEIVED', B: 'IN_PROGRESS', G: 'GRANTED', A: 'REJECTED' };
/** ANS_KANAL letters. */
const APPLICATION_CHANNELS: Readonly<Record<string, ApplicationChannel>> = { D: 'DIGITAL', P: 'ASSISTED' };

/** What the legacy tables write for "no end date". */
const OPEN_END_DATES = new Set(['99999999', '00000000', '']);

export interface BenefitClaim {
  readonly id: string;
  readonly type: BenefitType;
  readonly status: BenefitClaimStatus;
  readonly period: { readonly from: string; readonly to: string | null };
  readonly monthlyAmount: Money;
  /** A Citizen stub for the child of a child-benefit claim. */
  readonly child: { readonly cpr: string } | null;
}

export interface BenefitPayment {
  readonly id: string;
  readonly date: string;
  readonly amount: Money;
  readonly status: BenefitPaymentStatus;
  readonly accountMasked: string;
  readonly claimId: string;
  readonly claimType: BenefitType;
}

export interface BenefitApplication {
  readonly id: string;
  readonly cpr: string;
  readonly type: BenefitType;
  readonly receivedOn: string;
  readonly status: ApplicationStatus;
  readonly text: string;
  readonly channel: ApplicationChannel;
  readonly reference: string | null;
}

export function toBenefitClaim(row: ClaimRow): BenefitClaim {
  const child = row.krv_rel_cpr?.trim();
  return {
    id: row.krv_id,
    type: decode(BENEFIT_TYPES, 'KRV_TYPE', row.krv_type),
    status: decode(CLAIM_STATUSES, 'KRV_STAT', row.krv_stat),
    period: { from: isoFromLegacyDate(row.krv_fra_dto, 'KRV_FRA_DTO'), to: isoFromLegacyEndDate(row.krv_til_dto, 'KRV_TIL_DTO') },
    monthlyAmount: moneyFromOre(row.krv_blb_ore),
    child: child ? { cpr: child } : null,
  };
}

export function toBenefitPayment(row: PaymentRow): BenefitPayment {
  return {
    id: row.udb_id,
    date: isoFromLegacyDate(row.udb_dto, 'UDB_DTO'),
    amount: moneyFromOre(row.udb_blb_ore),
    status: decode(PAYMENT_STATUSES, 'UDB_STAT', row.udb_stat),
    accountMasked: row.udb_konto.trim(),
    claimId: row.udb_krv_id,
    claimType: decode(BENEFIT_TYPES, 'KRV_TYPE', row.krv_type),
  };
}

export function toBenefitApplication(row: ApplicationRow): BenefitApplication {
  return {
    id: row.ans_id,
    cpr: row.ans_cpr,
    type: decode(BENEFIT_TYPES, 'ANS_TYPE', row.ans_type),
    receivedOn: isoFromLegacyDate(row.ans_dto, 'ANS_DTO'),
    status: decode(APPLICATION_STATUSES, 'ANS_STAT', row.ans_stat),
    text: row.ans_tekst,
    channel: decode(APPLICATION_CHANNELS, 'ANS_KANAL', row.ans_kanal),
    reference: row.ans_ref,
  };
}

/** BenefitType to its legacy letter, for filters and writes. */
export function benefitTypeCode(type: BenefitType): string {
  return encode(BENEFIT_TYPES, type);
}

export function applicationChannelCode(channel: ApplicationChannel): string {
  return encode(APPLICATION_CHANNELS, channel);
}

/** "20240131" to "2024-01-31"; anything else is a record we cannot read. */
export function isoFromLegacyDate(yyyymmdd: string, column: string): string {
  const text = yyyymmdd.trim();
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  if (!/^\d{8}$/.test(text) || !isIsoDate(iso)) throw unreadable(column, yyyymmdd);
  return iso;
}

/** Like isoFromLegacyDate, but the open-end markers ('99999999', '00000000', blank) become null. */
export function isoFromLegacyEndDate(yyyymmdd: string | null, column: string): string | null {
  if (yyyymmdd === null || OPEN_END_DATES.has(yyyymmdd.trim())) return null;
  return isoFromLegacyDate(yyyymmdd, column);
}

/** "2024-01-31" to "20240131". */
export function legacyDateFromIso(iso: string): string {
  if (!isIsoDate(iso)) throw new Error(`legacyDateFromIso: expected a date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  return iso.replace(/-/g, '');
}

function decode<T>(codes: Readonly<Record<string, T>>, column: string, code: string): T {
  const value = codes[code.trim()];
  if (value === undefined) throw unreadable(column, code);
  return value;
}

function encode<T>(codes: Readonly<Record<string, T>>, value: T): string {
  const entry = Object.entries(codes).find(([, v]) => v === value);
  if (!entry) throw new Error(`no legacy code for ${JSON.stringify(value)}; known: ${Object.values(codes).join(', ')}`);
  return entry[0];
}

function unreadable(column: string, value: string): LegacyError {
  return new LegacyError('benefits', 'bad-response', `${column} holds ${JSON.stringify(value)}, which we cannot read`);
}
