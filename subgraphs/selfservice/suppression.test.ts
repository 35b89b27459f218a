import { suppressedCells, type TableCell } from './suppression';

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
      cell(['hb', '0751'], 16), cell(['hb', '0825'], 1), cell(['hb', '0101'], 7),
      cell(['sp', '0751'], 10), cell(['sp', '0825'], 6), cell(['sp', '0101'], 8),
    ];
    const hidden = suppressedCells(cells, 5);
    expect([...hidden].sort()).toEqual([1, 2, 4, 5]);
    for (const d of [0, 1]) {
      const lines = new Map<string, number[]>();
      cells.forEach((c, i) => lines.set(String(c.key[d]), [...(lines.get(String(c.key[d])) ?? []), i]));
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
      cell(['0751', 'DSS'], 16), cell(['0751', 'DEL'], 5), cell(['0751', 'ASS'], 5),
      cell(['0825', 'ASS'], 1), cell(['0825', 'DSS'], 6), cell(['0101', 'DSS'], 15),
    ];
    const hidden = suppressedCells(cells, 5);
    expect(hidden.has(5)).toBe(false);
    expect(hidden.has(3)).toBe(true);
  });
});
