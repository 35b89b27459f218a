import { describeAllowance } from './allowedBreakingChanges';
import type { SchemaCheckResult } from './checkSchema';

/** The check's result as the lines `npm run schema:check` prints: what breaks whom, and what to do. */
export function formatSchemaCheck(result: SchemaCheckResult, baseline: string): string[] {
  const lines: string[] = [];
  if (result.composition.length > 0) {
    lines.push(`Composition failed with ${result.composition.length} error(s):`, '');
    for (const p of result.composition) {
      const where = [p.subgraph && `subgraph "${p.subgraph}"`, p.type && `type ${p.type}`, p.field && `field ${p.field}`].filter(Boolean).join(', ');
      lines.push(`  ✗ ${p.code}${where ? ` (${where})` : ''}: ${p.message}`);
      for (const l of p.locations) {
        const coordinate = l.type ? ` ${l.type}${l.field ? `.${l.field}` : ''}` : '';
        lines.push(`      at ${l.file}${l.line ? `:${l.line}:${l.column ?? 1}` : ''} [${l.subgraph}]${coordinate}`);
      }
      lines.push(`      hint: ${p.hint}`);
    }
    lines.push('', 'schema:check FAILED: the subgraphs do not compose.');
    return lines;
  }

  const breaking = result.changes.filter((c) => c.level === 'BREAKING');
  const dangerous = result.changes.filter((c) => c.level === 'DANGEROUS');
  const safe = result.changes.filter((c) => c.level === 'NON_BREAKING');
  lines.push(`Compared with ${baseline}: ${breaking.length} breaking, ${dangerous.length} dangerous, ${safe.length} safe change(s).`);
  if (breaking.length > 0) {
    lines.push('', 'Breaking for clients:');
    for (const c of breaking) {
      lines.push(`  ${c.allowed ? '✓ allowed' : '✗'} ${c.type} ${c.coordinate}: ${c.message}`);
      if (c.reason) lines.push(`      why: ${c.reason}`);
      if (c.allowed) lines.push(`      allowed by ${c.allowed.by}: ${c.allowed.reason}`);
    }
  }
  if (dangerous.length > 0) {
    lines.push('', 'Dangerous (passes; clients may meet values they do not handle):');
    for (const c of dangerous) lines.push(`  ! ${c.type} ${c.coordinate}: ${c.message}`);
  }
  if (safe.length > 0) {
    lines.push('', 'Safe:');
    for (const c of safe) lines.push(`  + ${c.type} ${c.coordinate}: ${c.message}`);
  }
  if (result.operations.length > 0) {
    lines.push('', 'Client operations that no longer validate:');
    for (const o of result.operations) {
      lines.push(`  ${o.allowed ? '✓ allowed' : '✗'} ${o.operation} (${o.file})`);
      for (const e of o.errors) lines.push(`      ${o.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''}: ${e.message}`);
      if (o.allowed) lines.push(`      allowed by ${o.allowed.by}: ${o.allowed.reason}`);
    }
  }
  if (result.unusedAllowances.length > 0) {
    lines.push('', 'Allow-list entries that matched nothing (shipped already? remove them from schema/allowed-breaking-changes.json):');
    for (const a of result.unusedAllowances) lines.push(`  - ${describeAllowance(a)}`);
  }
  lines.push('');
  if (result.passed) {
    const allowed = breaking.filter((c) => c.allowed).length + result.operations.filter((o) => o.allowed).length;
    lines.push(`schema:check passed${allowed > 0 ? ` (${allowed} breaking item(s) allowed explicitly)` : ''}.`);
  } else {
    lines.push(
      'schema:check FAILED: a change breaks clients. Make it additive (add the new field, deprecate the old),',
      'or allow it explicitly with a reason: an entry in schema/allowed-breaking-changes.json, or',
      '`npm run schema:check -- --allow-breaking "reason"` for a local run (docs/schema-checks.md).',
    );
  }
  return lines;
}
