import { linearlyDetermined, suppressedCells, suppressJointly, type TableCell } from './suppression';

const cell = (key: (string | number)[], citizens: number): TableCell => ({ key, citizens });

describe('small-cell suppression', () => {
  it('suppress-primary: cells of 1 to 4 citizens, never empty or large ones', () => {
    expect([...suppressedCells([cell(['a'], 0), cell(['b'], 3), cell(['c'], 5)], 5)]).toEqual([1, 2]);
  });

  it('suppress-complementary: a lone suppressed cell in a line takes the smallest other with it', () => {
    // Row total = 1 + 20 + 9: with only "1" hidden, total minus the others would give it back.
    const hidden = suppressedCells([cell(['x'], 1), cell(['y'], 20), cell(['z'], 9)], 5);
    expect([...hidden].sort()).toEqual([0, 2]);
  });

  it('suppress-complementary-small-pair: two hidden cells under the minimum together take a third', () => {
    const hidden = suppressedCells([cell(['x'], 1), cell(['y'], 2), cell(['z'], 9), cell(['w'], 30)], 5);
    expect([...hidden].sort()).toEqual([0, 1, 2]);
  });

  it('suppress-two-way: every row and column with a hidden cell has at least two', () => {
    const cells = [
      cell(['hb', '0751'], 16),
      cell(['hb', '0825'], 1),
      cell(['hb', '0101'], 7),
      cell(['sp', '0751'], 10),
      cell(['sp', '0825'], 6),
      cell(['sp', '0101'], 8),
    ];
    const hidden = suppressedCells(cells, 5);
    expect([...hidden].sort()).toEqual([1, 2, 4, 5]);
    for (const d of [0, 1]) {
      const lines = new Map<string, number[]>();
      for (const [i, c] of cells.entries()) lines.set(String(c.key[d]), [...(lines.get(String(c.key[d])) ?? []), i]);
      for (const line of lines.values()) expect(line.filter((i) => hidden.has(i)).length).not.toBe(1);
    }
  });

  it('suppress-nothing-to-pair: a line whose other cells are empty needs no partner (its total is suppressed too)', () => {
    expect([...suppressedCells([cell(['x'], 2)], 5)]).toEqual([0]);
  });
});

describe('small-cell suppression, partners', () => {
  it('suppress-partner-not-alone: a partner is not taken from a row whose total would give it back', () => {
    // Channels by municipality: Copenhagen files only online (15), so hiding its one cell would be undone by its total.
    const cells = [
      cell(['0751', 'DSS'], 16),
      cell(['0751', 'DEL'], 5),
      cell(['0751', 'ASS'], 5),
      cell(['0825', 'ASS'], 1),
      cell(['0825', 'DSS'], 6),
      cell(['0101', 'DSS'], 15),
    ];
    const hidden = suppressedCells(cells, 5);
    expect(hidden.has(5)).toBe(false);
    expect(hidden.has(3)).toBe(true);
  });
});

describe('joint suppression', () => {
  const eq = (...terms: [string, number][]) => terms.map(([cell, coefficient]) => ({ cell, coefficient }));

  it.each(['exact', 'modular'] as const)('linearly-determined (%s): a combination of sums gives a cell back that no single sum does', (arithmetic) => {
    // a + b and a - b known: neither alone has one unknown, together they give both.
    expect([...linearlyDetermined(['a', 'b'], [eq(['a', 1], ['b', 1]), eq(['a', 1], ['b', -1])], arithmetic)].sort()).toEqual(['a', 'b']);
    // A rectangle: four unknowns, four sums of two, rank three: none given back.
    const rectangle = [eq(['a', 1], ['b', 1]), eq(['c', 1], ['d', 1]), eq(['a', 1], ['c', 1]), eq(['b', 1], ['d', 1])];
    expect(linearlyDetermined(['a', 'b', 'c', 'd'], rectangle, arithmetic).size).toBe(0);
    // One more sum across it (a + d) closes it.
    expect(linearlyDetermined(['a', 'b', 'c', 'd'], [...rectangle, eq(['a', 1], ['d', 1])], arithmetic).size).toBe(4);
  });

  it('suppress-jointly-rectangle: a two-way table with its margins hides the small cell in a rectangle, and shows the rest', () => {
    //          m1  m2  | all
    //   s1      1   9  | 10
    //   s2     20  30  | 50
    //   all    21  39  | 60
    const citizens = [1, 9, 20, 30, 10, 50, 21, 39, 60];
    const [s1m1, s1m2, s2m1, s2m2, s1, s2, m1, m2, all] = citizens.map((_, i) => i);
    const relations = [
      { total: s1, parts: [s1m1, s1m2] },
      { total: s2, parts: [s2m1, s2m2] },
      { total: all, parts: [s1, s2] },
      { total: m1, parts: [s1m1, s2m1] },
      { total: m2, parts: [s1m2, s2m2] },
      { total: all, parts: [m1, m2] },
    ];
    const hidden = suppressJointly(citizens, relations, 5);
    expect([...hidden].sort()).toEqual([s1m1, s1m2, s2m1, s2m2].sort());
  });

  it('suppress-jointly-partner: a small group and its one channel are hidden, and a partner in the line above', () => {
    // A group whose only channel counts 2 (its total is that channel, so both go); the total over groups (42) would give it back without a partner.
    expect(
      [
        ...suppressJointly(
          [2, 2, 40, 42],
          [
            { total: 1, parts: [0] },
            { total: 3, parts: [1, 2] },
          ],
          5,
        ),
      ].sort(),
    ).toEqual([0, 1, 2]);
  });
});
