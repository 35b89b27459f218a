import { linearlyDetermined } from './suppression';

/**
 * Test support: what an analyst can work out from published figures. A published sum is a figure
 * equal to its parts (each with a weight, 1 unless given: a saving is filings times the saving per
 * filing); `known` holds every figure shown (and the zeros of groups with no filings).
 */
export interface PublishedSum {
  readonly sum: string;
  readonly parts: readonly string[];
  /** One per part; default 1 each. */
  readonly weights?: readonly number[];
}

/** By substitution: every sum with exactly one unknown figure gives it, until nothing more. */
export function solveBySubstitution(lines: readonly PublishedSum[], known: ReadonlyMap<string, number>): Map<string, number> {
  const values = new Map(known);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { sum, parts, weights } of lines) {
      const unknown = [sum, ...parts].filter((x) => !values.has(x));
      if (unknown.length !== 1) continue;
      const weight = (i: number) => weights?.[i] ?? 1;
      const partSum = parts.reduce((t, p, i) => t + (values.has(p) ? weight(i) * values.get(p)! : 0), 0);
      values.set(unknown[0], unknown[0] === sum ? partSum : (values.get(sum)! - partSum) / weight(parts.indexOf(unknown[0])));
      changed = true;
    }
  }
  return values;
}

/**
 * By any combination of the sums at once (exact linear algebra over the rationals): the unknown
 * figures the published ones determine. Substitution finds a subset of these.
 */
export function linearlyRecoverable(lines: readonly PublishedSum[], known: ReadonlyMap<string, number>): Set<string> {
  const unknowns = [...new Set(lines.flatMap((l) => [l.sum, ...l.parts]).filter((x) => !known.has(x)))].sort();
  return linearlyDetermined(
    unknowns,
    lines.map((l) => [{ cell: l.sum, coefficient: 1 }, ...l.parts.map((p, i) => ({ cell: p, coefficient: -(l.weights?.[i] ?? 1) }))]),
  );
}
