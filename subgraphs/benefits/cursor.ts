import { badUserInput } from '../../platform/errors';

/** Where a payment sits in the order every payment list uses: date descending, then id descending. */
export interface PaymentPosition {
  /** UDB_DTO, YYYYMMDD. */
  readonly date: string;
  /** UDB_ID, digits. */
  readonly id: string;
}

const PREFIX = 'udb1:';
const POSITION = /^udb1:(\d{8}):(\d{1,18})$/;

/** An opaque cursor: clients pass it back, never build it, so its form may change. */
export function encodePaymentCursor(position: PaymentPosition): string {
  return Buffer.from(`${PREFIX}${position.date}:${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor points at; anything we did not issue is BAD_USER_INPUT. */
export function decodePaymentCursor(cursor: string): PaymentPosition {
  const match = cursor.length <= 64 && /^[A-Za-z0-9_-]+$/.test(cursor) ? POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  if (!match) throw badUserInput('The `after` cursor is not one this service issued; pass an endCursor or edge cursor unchanged.', { argument: 'after' });
  return { date: match[1], id: match[2] };
}

export const MAX_PAGE_SIZE = 100;

/** `first` must be 0..100: a larger page is refused rather than silently cut. */
export function validatePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`\`first\` must be from 0 to ${MAX_PAGE_SIZE}, got ${first}.`, { argument: 'first' });
  }
  return first;
}
