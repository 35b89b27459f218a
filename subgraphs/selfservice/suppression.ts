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

/**
 * A published figure and the figures it is the sum of (a group's total and its channels; a
 * country-wide cell and its municipalities; a wave and its services; all and the waves), by cell
 * index. Every figure of every breakdown an analyst can ask for is a cell of one universe, so a
 * cell hidden in one table is hidden in every table that shows it, and every sum that would give
 * it back gets a partner (suppressJointly).
 */
export interface CellRelation {
  readonly total: number;
  readonly parts: readonly number[];
}

/**
 * The cells to hide over several tables at once (indexes into `citizens`, the distinct citizens
 * behind each cell). Primary: 1 to min - 1 citizens. Then, until nothing changes, in every
 * relation (a total and its parts, empty cells left out as known zeros):
 * - a shown total's hidden parts must be none, or at least two counting at least `min` together;
 *   else a part is added as partner, or when there is none the total is hidden;
 * - a hidden total must not have all its parts shown; else a part is hidden with it.
 * A partner is the candidate that opens the fewest relations with no hidden cell yet (each would
 * need a partner of its own), then the smallest, then the first: so few cells are lost and the
 * margins that are safe stay shown. Last, an audit solves all relations at once (exact linear
 * algebra, linearlyDetermined): a hidden cell any combination of them gives back takes one more
 * partner, and the rules run again. So no published sum, difference or combination of them
 * recovers a hidden cell. Finally every partner, the largest first, is shown again if the rules
 * and the audit still hold without it: the heuristic's surplus is given back to the analyst.
 */
export function suppressJointly(citizens: readonly number[], relations: readonly CellRelation[], min: number): Set<number> {
  const hidden = new Set<number>();
  citizens.forEach((c, i) => { if (c > 0 && c < min) hidden.add(i); });
  const live = relations.map((r) => ({ total: r.total, parts: r.parts.filter((p) => citizens[p] > 0) })).filter((r) => r.parts.length > 0);
  const relationsOf = new Map<number, number[]>();
  live.forEach((r, ri) => { for (const cell of [r.total, ...r.parts]) relationsOf.set(cell, [...(relationsOf.get(cell) ?? []), ri]); });
  const hiddenIn = (ri: number) => [live[ri].total, ...live[ri].parts].filter((c) => hidden.has(c)).length;
  /** Relations that a newly hidden cell would leave with exactly one hidden member. */
  const opens = (cell: number) => (relationsOf.get(cell) ?? []).filter((ri) => hiddenIn(ri) === 0).length;
  const pick = (candidates: readonly number[]) =>
    [...candidates].sort((a, b) => opens(a) - opens(b) || citizens[a] - citizens[b] || a - b)[0];
  /** Whether a relation's hidden cells are open to subtraction. */
  const exposed = (r: { total: number; parts: number[] }): boolean => {
    if (hidden.has(r.total)) return r.parts.every((p) => !hidden.has(p));
    return !hiddenPartsSafe(r.parts.filter((p) => hidden.has(p)).map((p) => citizens[p]), min);
  };
  const settle = (r: { total: number; parts: number[] }): boolean => {
    if (!exposed(r)) return false;
    const shown = r.parts.filter((p) => !hidden.has(p));
    hidden.add(shown.length > 0 ? pick(shown) : r.total);
    return true;
  };
  const determined = () => linearlyDetermined([...hidden].sort((a, b) => a - b),
    live.map((r) => [{ cell: r.total, coefficient: 1 }, ...r.parts.map((p) => ({ cell: p, coefficient: -1 }))]));
  const primary = new Set(hidden);
  for (;;) {
    // Each step hides one more cell, so this ends.
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of live) while (settle(r)) changed = true;
    }
    const given = determined();
    if (given.size === 0) {
      // Minimal: a partner that turns out not to be needed (the rules and the audit hold without it) is shown again, the largest first.
      // Cells equal by a relation of one part (a group filing through one channel only) are shown again together.
      const twins = new Map<number, number[]>();
      for (const r of live) if (r.parts.length === 1) for (const [a, b] of [[r.total, r.parts[0]], [r.parts[0], r.total]]) twins.set(a, [...(twins.get(a) ?? []), b]);
      const partners = [...hidden].filter((c) => !primary.has(c)).sort((a, b) => citizens[b] - citizens[a] || a - b);
      const classOf = (cell: number) => {
        const together = new Set([cell]);
        for (const c of together) for (const t of twins.get(c) ?? []) if (hidden.has(t) && !primary.has(t)) together.add(t);
        return together;
      };
      /** Shows the cells if the rules and the audit hold without them; else hides them again. */
      const tryShow = (cells: ReadonlySet<number>): boolean => {
        for (const c of cells) hidden.delete(c);
        if (![...cells].some((c) => (relationsOf.get(c) ?? []).some((ri) => exposed(live[ri]))) && determined().size === 0) return true;
        for (const c of cells) hidden.add(c);
        return false;
      };
      for (const cell of partners) {
        if (!hidden.has(cell)) continue;
        const together = classOf(cell);
        if (tryShow(together)) continue;
        // Two partners may only be needed for each other (two groups hiding each other's complement): shown again as a pair.
        const neighbours = [...together].flatMap((c) => (relationsOf.get(c) ?? []).flatMap((ri) => [live[ri].total, ...live[ri].parts]))
          .filter((c) => hidden.has(c) && !primary.has(c) && !together.has(c));
        for (const other of [...new Set(neighbours)].sort((a, b) => citizens[b] - citizens[a] || a - b)) {
          if (tryShow(new Set([...together, ...classOf(other)]))) break;
        }
      }
      return hidden;
    }
    const cell = [...given].sort((a, b) => a - b)[0];
    const candidates = (relationsOf.get(cell) ?? []).flatMap((ri) => [live[ri].total, ...live[ri].parts]).filter((c) => !hidden.has(c) && citizens[c] > 0);
    if (candidates.length === 0) throw new Error('suppression: a hidden cell has no partner left to hide with it');
    hidden.add(pick([...new Set(candidates)]));
  }
}

/**
 * Which of the `unknowns` a set of linear equations (each a sum of cells times whole numbers, equal to a
 * known number once the shown cells are put in) determines: exact, over the rationals
 * (fraction-free elimination in bigint). A cell is determined when the equations' row space holds
 * the vector that is 1 at it and 0 elsewhere: in reduced echelon form, a row with that cell alone.
 */
export function linearlyDetermined<C>(unknowns: readonly C[], equations: readonly (readonly { cell: C; coefficient: number | bigint }[])[]): Set<C> {
  const column = new Map(unknowns.map((u, i) => [u, i]));
  const rows: bigint[][] = [];
  for (const equation of equations) {
    const row = new Array<bigint>(unknowns.length).fill(0n);
    let any = false;
    for (const { cell, coefficient } of equation) {
      const at = column.get(cell);
      if (at !== undefined) { row[at] += BigInt(coefficient); any = true; }
    }
    if (any && row.some((v) => v !== 0n)) rows.push(row);
  }
  let rank = 0;
  for (let col = 0; col < unknowns.length && rank < rows.length; col++) {
    const pivot = rows.findIndex((row, i) => i >= rank && row[col] !== 0n);
    if (pivot < 0) continue;
    [rows[rank], rows[pivot]] = [rows[pivot], rows[rank]];
    const p = rows[rank];
    for (let i = 0; i < rows.length; i++) {
      if (i === rank || rows[i][col] === 0n) continue;
      const factor = rows[i][col];
      rows[i] = normalised(rows[i].map((v, j) => v * p[col] - p[j] * factor));
    }
    rank++;
  }
  const determined = new Set<C>();
  for (const row of rows.slice(0, rank)) {
    const support = row.flatMap((v, j) => (v !== 0n ? [j] : []));
    if (support.length === 1) determined.add(unknowns[support[0]]);
  }
  return determined;
}

/** A row divided by the greatest common divisor of its entries, so numbers stay small. */
function normalised(row: bigint[]): bigint[] {
  let g = 0n;
  for (const v of row) {
    let [a, b] = [v < 0n ? -v : v, g];
    while (b !== 0n) [a, b] = [b, a % b];
    g = a;
  }
  return g > 1n ? row.map((v) => v / g) : row;
}
