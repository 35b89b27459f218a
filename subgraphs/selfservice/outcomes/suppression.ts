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
    if (
      hiddenPartsSafe(
        line.filter((i) => suppressed.has(i)).map((i) => cells[i].citizens),
        minCitizens,
      )
    )
      return 'safe';
    const candidates = line
      .filter((i) => !suppressed.has(i) && cells[i].citizens > 0)
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
        for (const part of sum.parts)
          if (cells[part].citizens > 0 && !suppressed.has(part)) {
            suppressed.add(part);
            changed = true;
          }
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
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new Error(`outcomes: the minimum citizens per published cell must be a whole number from 1 to 1000, got ${value}`);
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
 * margins that are safe stay shown. Last, an audit solves all relations at once (linear algebra
 * modulo two primes, linearlyDetermined): a hidden cell any combination of them gives back takes one more
 * partner, and the rules run again. So no published sum, difference or combination of them
 * recovers a hidden cell. Finally every partner, the largest first, is shown again if the rules
 * and the audit still hold without it (at most PRUNING_AUDITS tries): the heuristic's surplus is
 * given back to the analyst.
 */
export function suppressJointly(citizens: readonly number[], relations: readonly CellRelation[], min: number): Set<number> {
  const hidden = new Set<number>();
  citizens.forEach((c, i) => {
    if (c > 0 && c < min) hidden.add(i);
  });
  const live = relations.map((r) => ({ total: r.total, parts: r.parts.filter((p) => citizens[p] > 0) })).filter((r) => r.parts.length > 0);
  const relationsOf = new Map<number, number[]>();
  live.forEach((r, ri) => {
    for (const cell of [r.total, ...r.parts]) relationsOf.set(cell, [...(relationsOf.get(cell) ?? []), ri]);
  });
  const hiddenIn = (ri: number) => [live[ri].total, ...live[ri].parts].filter((c) => hidden.has(c)).length;
  /** Relations that a newly hidden cell would leave with exactly one hidden member. */
  const opens = (cell: number) => (relationsOf.get(cell) ?? []).filter((ri) => hiddenIn(ri) === 0).length;
  const pick = (candidates: readonly number[]) => [...candidates].sort((a, b) => opens(a) - opens(b) || citizens[a] - citizens[b] || a - b)[0];
  /** Whether a relation's hidden cells are open to subtraction. */
  const exposed = (r: { total: number; parts: number[] }): boolean => {
    if (hidden.has(r.total)) return r.parts.every((p) => !hidden.has(p));
    return !hiddenPartsSafe(
      r.parts.filter((p) => hidden.has(p)).map((p) => citizens[p]),
      min,
    );
  };
  const settle = (r: { total: number; parts: number[] }): boolean => {
    if (!exposed(r)) return false;
    const shown = r.parts.filter((p) => !hidden.has(p));
    hidden.add(shown.length > 0 ? pick(shown) : r.total);
    return true;
  };
  const equations = live.map((r) => [{ cell: r.total, coefficient: 1 }, ...r.parts.map((p) => ({ cell: p, coefficient: -1 }))]);
  const determined = () =>
    linearlyDetermined(
      [...hidden].sort((a, b) => a - b),
      equations,
      'modular',
    );
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
      for (const r of live)
        if (r.parts.length === 1)
          for (const [a, b] of [
            [r.total, r.parts[0]],
            [r.parts[0], r.total],
          ])
            twins.set(a, [...(twins.get(a) ?? []), b]);
      const partners = [...hidden].filter((c) => !primary.has(c)).sort((a, b) => citizens[b] - citizens[a] || a - b);
      const classOf = (cell: number) => {
        const together = new Set([cell]);
        for (const c of together) for (const t of twins.get(c) ?? []) if (hidden.has(t) && !primary.has(t)) together.add(t);
        return together;
      };
      /** Shows the cells if the rules and the audit hold without them; else hides them again. */
      let audits = 0;
      const tryShow = (cells: ReadonlySet<number>): boolean => {
        for (const c of cells) hidden.delete(c);
        if (![...cells].some((c) => (relationsOf.get(c) ?? []).some((ri) => exposed(live[ri]))) && audits++ < PRUNING_AUDITS && determined().size === 0)
          return true;
        for (const c of cells) hidden.add(c);
        return false;
      };
      for (const cell of partners) {
        if (audits >= PRUNING_AUDITS) break;
        if (!hidden.has(cell)) continue;
        const together = classOf(cell);
        if (tryShow(together)) continue;
        // Two partners may only be needed for each other (two groups hiding each other's complement): shown again as a pair.
        const neighbours = [...together]
          .flatMap((c) => (relationsOf.get(c) ?? []).flatMap((ri) => [live[ri].total, ...live[ri].parts]))
          .filter((c) => hidden.has(c) && !primary.has(c) && !together.has(c));
        for (const other of [...new Set(neighbours)].sort((a, b) => citizens[b] - citizens[a] || a - b)) {
          if (audits >= PRUNING_AUDITS || tryShow(new Set([...together, ...classOf(other)]))) break;
        }
      }
      return hidden;
    }
    // Every cell given back takes a partner this round (one audit per round, not per cell).
    for (const cell of [...given].sort((a, b) => a - b)) {
      // The nearest shown cells: in the cell's own relations, else in those of the hidden cells they lead to.
      const seen = new Set([cell]);
      let frontier = [cell];
      let candidates: number[] = [];
      while (candidates.length === 0 && frontier.length > 0) {
        const members = [...new Set(frontier.flatMap((c) => (relationsOf.get(c) ?? []).flatMap((ri) => [live[ri].total, ...live[ri].parts])))];
        candidates = members.filter((c) => !hidden.has(c) && citizens[c] > 0);
        frontier = members.filter((c) => hidden.has(c) && !seen.has(c));
        for (const c of frontier) seen.add(c);
      }
      if (candidates.length === 0) throw new Error('suppression: a hidden cell has no partner left to hide with it');
      hidden.add(pick(candidates));
    }
  }
}

/**
 * How many partners may be tried for showing again (each costs an audit of the whole system):
 * the largest first, so on national figures (a hundred municipalities) the answer still comes in
 * seconds; on small tables every partner is tried.
 */
const PRUNING_AUDITS = 40;

/**
 * Which of the `unknowns` a set of linear equations (each a sum of cells times whole numbers, equal to a
 * known number once the shown cells are put in) determines: exact, over the rationals
 * (fraction-free elimination in bigint). A cell is determined when the equations' row space holds
 * the vector that is 1 at it and 0 elsewhere: in reduced echelon form, a row with that cell alone.
 */
export function linearlyDetermined<C>(
  unknowns: readonly C[],
  equations: readonly (readonly { cell: C; coefficient: number | bigint }[])[],
  arithmetic: 'exact' | 'modular' = 'exact',
): Set<C> {
  const column = new Map(unknowns.map((u, i) => [u, i]));
  // Each equation over the unknowns only; the system splits into blocks that share no unknown, solved one by one.
  const sparse: Map<number, bigint>[] = [];
  for (const equation of equations) {
    const row = new Map<number, bigint>();
    for (const { cell, coefficient } of equation) {
      const at = column.get(cell);
      if (at !== undefined) row.set(at, (row.get(at) ?? 0n) + BigInt(coefficient));
    }
    for (const [at, v] of row) if (v === 0n) row.delete(at);
    if (row.size > 0) sparse.push(row);
  }
  const parent = unknowns.map((_, i) => i);
  const root = (i: number): number => {
    if (parent[i] !== i) parent[i] = root(parent[i]);
    return parent[i];
  };
  for (const row of sparse) {
    const [first, ...rest] = [...row.keys()];
    for (const at of rest) parent[root(at)] = root(first);
  }
  const blocks = new Map<number, Map<number, bigint>[]>();
  for (const row of sparse) {
    const r = root(row.keys().next().value!);
    blocks.set(r, [...(blocks.get(r) ?? []), row]);
  }
  const determined = new Set<C>();
  for (const rows of blocks.values()) {
    const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
    if (arithmetic === 'modular') {
      for (const p of MODULI) for (const at of determinedColumnsModulo(rows, p)) determined.add(unknowns[at]);
      continue;
    }
    for (const at of determinedColumns(
      columns.length,
      rows.map((row) => columns.map((c) => row.get(c) ?? 0n)),
    ))
      determined.add(unknowns[columns[at]]);
  }
  return determined;
}

/**
 * Two primes under 2^26 (so a product of two residues is exact in a double). A cell determined over
 * the rationals is determined modulo p unless p divides the denominator of every combination that
 * gives it, so asking two primes and taking either's answer misses none in practice; one found only
 * modulo p is hidden needlessly, never shown wrongly. Some 50 times faster than exact bigints.
 */
const MODULI = [67108859, 67108837];

/**
 * Incremental sparse Gauss-Jordan modulo a prime: every row is reduced by the pivots so far and,
 * if anything is left, becomes the pivot of one of its columns, which is then cleared from the
 * other pivot rows. The columns whose pivot row holds them alone are determined.
 */
function determinedColumnsModulo(rows: readonly Map<number, bigint>[], p: number): number[] {
  const mod = (v: number) => ((v % p) + p) % p;
  const inverse = (a: number) => {
    let [r0, r1, t0, t1] = [p, a, 0, 1];
    while (r1 !== 0) {
      const q = Math.floor(r0 / r1);
      [r0, r1] = [r1, r0 - q * r1];
      [t0, t1] = [t1, t0 - q * t1];
    }
    return mod(t0);
  };
  const pivots = new Map<number, Map<number, number>>();
  /** Column -> the pivot columns whose rows hold it. */
  const holders = new Map<number, Set<number>>();
  const hold = (pivot: number, row: Map<number, number>) => {
    for (const c of row.keys()) {
      if (!holders.has(c)) holders.set(c, new Set());
      holders.get(c)!.add(pivot);
    }
  };
  const release = (pivot: number, row: Map<number, number>) => {
    for (const c of row.keys()) holders.get(c)?.delete(pivot);
  };
  /** target -= factor * source, in place. */
  const subtract = (target: Map<number, number>, factor: number, source: Map<number, number>) => {
    for (const [c, v] of source) {
      const next = mod((target.get(c) ?? 0) - ((factor * v) % p));
      if (next === 0) target.delete(c);
      else target.set(c, next);
    }
  };
  for (const input of [...rows].sort((a, b) => a.size - b.size)) {
    const row = new Map<number, number>();
    for (const [c, v] of input) {
      const m = mod(Number(v % BigInt(p)));
      if (m !== 0) row.set(c, m);
    }
    for (const c of [...row.keys()]) {
      const factor = row.get(c);
      const pivotRow = pivots.get(c);
      if (factor !== undefined && pivotRow) subtract(row, factor, pivotRow);
    }
    if (row.size === 0) continue;
    // The pivot: the column fewest pivot rows hold, so clearing it touches least.
    const pivot = [...row.keys()].sort((a, b) => (holders.get(a)?.size ?? 0) - (holders.get(b)?.size ?? 0) || a - b)[0];
    const inv = inverse(row.get(pivot)!);
    for (const [c, v] of row) row.set(c, (v * inv) % p);
    for (const other of [...(holders.get(pivot) ?? [])]) {
      const otherRow = pivots.get(other)!;
      release(other, otherRow);
      subtract(otherRow, otherRow.get(pivot)!, row);
      hold(other, otherRow);
    }
    pivots.set(pivot, row);
    hold(pivot, row);
  }
  return [...pivots].flatMap(([pivot, row]) => (row.size === 1 ? [pivot] : []));
}

/** Fraction-free elimination to reduced echelon form; the columns some row holds alone. */
function determinedColumns(width: number, rows: bigint[][]): number[] {
  let rank = 0;
  for (let col = 0; col < width && rank < rows.length; col++) {
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
  return rows.slice(0, rank).flatMap((row) => {
    const support = row.flatMap((v, j) => (v !== 0n ? [j] : []));
    return support.length === 1 ? support : [];
  });
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
