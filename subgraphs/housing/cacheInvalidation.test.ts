import { applicationPageKeys } from './cacheInvalidation';
import { applicationPageKey } from './loaders';
import { MAX_FIRST, planPages } from './pagination';

describe('applicationPageKeys', () => {
  it.each([0, 1, 2, 19, 20, 21, 25, 99, 100, 101, 150])(
    'covers every page a client could have read of %i applications, once the next one is filed',
    (before) => {
      const invalidated = new Set(applicationPageKeys('1203382258', before + 1));
      const missed: string[] = [];
      // Cursors point at positions 0..before-1, so a page starts at most after the last one.
      for (let start = 0; start <= before; start++) {
        for (let first = 0; first <= MAX_FIRST; first++) {
          const plan = planPages(start, first);
          for (const page of plan.pages) {
            const key = applicationPageKey('1203382258', page, plan.pageSize);
            if (!invalidated.has(key)) missed.push(key);
          }
        }
      }
      expect(missed).toEqual([]);
    },
  );

  it('stays small for a typical citizen (a few hundred keys in one DEL)', () => {
    expect(applicationPageKeys('1203382258', 26).length).toBeLessThan(400);
  });
});
