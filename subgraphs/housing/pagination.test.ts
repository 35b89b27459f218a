import { GraphQLError } from 'graphql';
import { checkFirst, encodeCursor, planPages, startAfter } from './pagination';

describe('planPages', () => {
  it.each([
    [0, 20, { pageSize: 20, pages: [1], skip: 0 }],
    [20, 20, { pageSize: 20, pages: [2], skip: 0 }],
    [5, 7, { pageSize: 12, pages: [1], skip: 5 }],
    [10, 10, { pageSize: 10, pages: [2], skip: 0 }],
    [150, 100, { pageSize: 100, pages: [2, 3], skip: 50 }],
    [0, 0, { pageSize: 1, pages: [1], skip: 0 }],
  ])('start %i, count %i', (start, count, plan) => {
    expect(planPages(start, count)).toEqual(plan);
  });

  it('always covers exactly the window', () => {
    for (let start = 0; start < 400; start += 7) {
      for (const count of [1, 3, 20, 33, 99, 100]) {
        const { pageSize, pages, skip } = planPages(start, count);
        expect(pageSize).toBeLessThanOrEqual(100);
        expect(pages.length).toBeLessThanOrEqual(2);
        const first = (pages[0] - 1) * pageSize + skip;
        const coveredEnd = pages[pages.length - 1] * pageSize;
        expect(first).toBe(start);
        expect(coveredEnd).toBeGreaterThanOrEqual(start + count);
      }
    }
  });
});

describe('cursors', () => {
  it('continue after the position they name', () => {
    expect(startAfter(undefined)).toBe(0);
    expect(startAfter(encodeCursor(0))).toBe(1);
    expect(startAfter(encodeCursor(24))).toBe(25);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('ansoegning:-1').toString('base64url'),
    Buffer.from('ansoegning:1.5').toString('base64url'),
    Buffer.from('other:3').toString('base64url'),
  ])('rejects a cursor we did not issue: %j', (cursor) => {
    expect(() => startAfter(cursor)).toThrow(GraphQLError);
    try {
      startAfter(cursor);
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('checks first is 0..100', () => {
    expect(checkFirst(0)).toBe(0);
    expect(checkFirst(100)).toBe(100);
    expect(() => checkFirst(101)).toThrow('`first` must be from 0 to 100');
    expect(() => checkFirst(-1)).toThrow(GraphQLError);
  });
});
