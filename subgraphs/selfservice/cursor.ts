import { badUserInput } from '../../platform/errors';
import type { AccessLogPosition } from './accessLog/accessLogStore';

export const MAX_PAGE_SIZE = 100;

/** Opaque to clients: base64url of the last entry's instant and id. */
export function encodeCursor(position: AccessLogPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): AccessLogPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^\d{1,19}$/.test(id)) return { at, id };
  } catch {
    // Falls through to the error below: any undecodable cursor is the client's mistake.
  }
  throw badUserInput('after must be an endCursor from a previous page.', { field: 'after' });
}

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw badUserInput(`first must be from 1 to ${MAX_PAGE_SIZE}, got ${first}.`, { field: 'first', max: MAX_PAGE_SIZE });
  return first;
}
