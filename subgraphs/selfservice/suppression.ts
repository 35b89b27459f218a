/**
 * Small-cell suppression: no figure may single out a citizen. A cell counting fewer than the
 * minimum of distinct citizens (but some) is suppressed; and so that no one recovers it by
 * differencing (a published total, or a coarser breakdown, minus the other cells of its line),
 * every line of the table (the cells that differ in one dimension only, whose sum is a figure
 * published elsewhere) that holds a suppressed cell gets complementary ones, the smallest first,
 * until its suppressed cells are at least two and count at least the minimum together.
 * A line whose other cells are all empty needs none: its total equals the suppressed cell, and
 * is suppressed for the same reason. For the same reason a partner is never, if avoidable, a cell
 * alone in another line: that line's published total would give it back.
 */

export const DEFAULT_MIN_CELL_CITIZENS = 5;

export interface TableCell {
  /** One value per dimension, e.g. [service, municipality, channel]. */
  readonly key: readonly (string | number | null)[];
  /** Distinct citizens behind the cell. */
  readonly citizens: number;
}

/**
 * A total published in the same table as its parts (a group's filings over all channels, and
 * per channel): when its hidden parts cannot be given a partner, the total is hidden instead.
 */
export interface TableSum {
  readonly total: number;
  readonly parts: readonly number[];
}

export interface SuppressionOptions {
  /** The dimensions whose lines sum to a figure published elsewhere (another breakdown); default all. */
  readonly lineDimensions?: readonly number[];
  /** Totals inside the table, each with its parts. */
  readonly sums?: readonly TableSum[];
}

/** The indexes of the cells to suppress. */
export function suppressedCells(cells: readonly TableCell[], minCitizens: number, options: SuppressionOptions = {}): Set<number> {
  const suppressed = new Set<number>();
  cells.forEach((cell, index) => {
    if (cell.citizens > 0 && cell.citizens < minCitizens) suppressed.add(index);
  });
  const dimensions = options.lineDimensions ?? Array.from({ length: cells[0]?.key.length ?? 0 }, (_, d) => d);
  const lines = dimensions.flatMap((d) => linesAlong(cells, d));
  const sums = options.sums ?? [];
  // A partner alone in some other line (the rest empty) would be given back by that line's total.
  const alone = new Set<number>();
  for (const line of [...lines, ...sums.map((s) => s.parts)]) {
    const filled = line.filter((i) => cells[i].citizens > 0);
    if (filled.length === 1) alone.add(filled[0]);
  }
  /** Whether the hidden cells of a line are safe from subtraction; else adds a partner and says whether it could. */
  const settle = (line: readonly number[]): 'safe' | 'partnered' | 'stuck' => {
    if (hiddenPartsSafe(line.filter((i) => suppressed.has(i)).map((i) => cells[i].citizens), minCitizens)) return 'safe';
    const candidates = line.filter((i) => !suppressed.has(i) && cells[i].citizens > 0)
      .sort((a, b) => Number(alone.has(a)) - Number(alone.has(b)) || cells[a].citizens - cells[b].citizens);
    if (candidates.length === 0) return 'stuck';
    suppressed.add(candidates[0]);
    return 'partnered';
  };
  // Each pass can only add cells, so this ends.
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) if (settle(line) === 'partnered') changed = true;
    for (const sum of sums) {
      if (suppressed.has(sum.total)) {
        // A hidden total shows none of its parts: they would add up to it.
        for (const part of sum.parts) if (cells[part].citizens > 0 && !suppressed.has(part)) { suppressed.add(part); changed = true; }
        continue;
      }
      const outcome = settle(sum.parts);
      if (outcome === 'stuck') suppressed.add(sum.total);
      if (outcome !== 'safe') changed = true;
    }
  }
  return suppressed;
}

/**
 * Whether the hidden parts of a published sum (their citizens given) are safe from subtraction:
 * none, or at least two counting at least the minimum together. Otherwise the sum minus the
 * visible parts would give a hidden part (or a small group) back.
 */
export function hiddenPartsSafe(hiddenCitizens: readonly number[], minCitizens: number): boolean {
  const together = hiddenCitizens.reduce((sum, c) => sum + c, 0);
  return hiddenCitizens.length === 0 || (hiddenCitizens.length >= 2 && together >= minCitizens);
}

/** Groups of cell indexes equal in every dimension but `d`. */
function linesAlong(cells: readonly TableCell[], d: number): number[][] {
  const lines = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const rest = JSON.stringify(cell.key.filter((_, i) => i !== d));
    lines.set(rest, [...(lines.get(rest) ?? []), index]);
  });
  return [...lines.values()];
}

/** Checks a configured minimum at start. */
export function checkMinCellCitizens(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error(`outcomes: the minimum citizens per published cell must be a whole number from 1 to 1000, got ${value}`);
  return value;
}
