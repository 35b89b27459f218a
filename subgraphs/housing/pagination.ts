import { badUserInput } from '../../platform';
import { HOUSING_MAX_BATCH } from './housingClient';

/**
 * Our Relay-style cursors over the housing system's page-number paging. A cursor is the
 * opaque position of an item in the citizen's list (newest first); a filing between two
 * requests shifts positions by one, as it would in the legacy system's own screens.
 */

export const MAX_FIRST = 100;
const CURSOR_PREFIX = 'ansoegning:';

export function encodeCursor(position: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`, 'utf8').toString('base64url');
}

/** The position after the given cursor (0 without one); BAD_USER_INPUT for a cursor we did not issue. */
export function startAfter(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const position = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(position) || position < 0 || encodeCursor(position) !== after) {
    throw badUserInput('`after` is not a cursor this field issued; pass an endCursor or edge cursor from an earlier page.', { argument: 'after' });
  }
  return position + 1;
}

export function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw badUserInput(`\`first\` must be from 0 to ${MAX_FIRST}, got ${first}.`, { argument: 'first' });
  }
  return first;
}

/** Which legacy pages (all of one size) cover items [start, start + count), and how many of their items to skip. */
export interface PagePlan {
  readonly pageSize: number;
  readonly pages: readonly number[];
  readonly skip: number;
}

/**
 * One legacy page when some page size from `count` to 100 holds the whole window, else two
 * consecutive pages of size `count`. Either way a fixed, small number of calls.
 */
export function planPages(start: number, count: number): PagePlan {
  if (count === 0) return { pageSize: 1, pages: [1], skip: 0 };
  for (let size = count; size <= HOUSING_MAX_BATCH; size++) {
    const page = Math.floor(start / size);
    if (Math.floor((start + count - 1) / size) === page) return { pageSize: size, pages: [page + 1], skip: start - page * size };
  }
  const page = Math.floor(start / count);
  return { pageSize: count, pages: [page + 1, page + 2], skip: start - page * count };
}
