import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isServiceTypeScript, sourceFiles } from './support/sourceFiles';
import { ErrorCode } from '../platform/errors';

const ROOT = path.join(__dirname, '..');
const SOURCE_DIRS = ['platform', 'domain', 'subgraphs', 'gateway'];

/** A code spelt as a string where it is thrown or compared: `code: 'FORBIDDEN'`, `code === 'FORBIDDEN'`, `= 'FORBIDDEN'`. */
function spelledCodes(text: string): string[] {
  const codes = new Set<string>(Object.values(ErrorCode));
  const found: string[] = [];
  for (const [line, i] of text.split('\n').map((l, n) => [l, n + 1] as const)) {
    if (/^\s*(\*|\/\/)/.test(line)) continue;
    for (const match of line.matchAll(/(?:code\s*[:=]=?=?\s*|[A-Z_]+\s*=\s*)'([A-Z][A-Z_]+)'/g)) if (codes.has(match[1])) found.push(`${i}: ${match[1]}`);
  }
  return found;
}

describe('error codes', () => {
  it('error-codes-documented: every ErrorCode is explained in docs/api-errors.md, and the doc names no other code', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'api-errors.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## The codes'), doc.indexOf('## The cost limit'));
    const documented = new Set([...table.matchAll(/^\| `([A-Z][A-Z_]+)`/gm), ...table.matchAll(/ \/ `([A-Z][A-Z_]+)`/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(
      Object.values(ErrorCode)
        .filter((c) => c !== 'METHOD_NOT_ALLOWED')
        .sort(),
    );
  });

  it('error-codes-one-spelling: no service source spells a code as a string; it uses ErrorCode', () => {
    const offences = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir), isServiceTypeScript)).flatMap((file) =>
      spelledCodes(readFileSync(file, 'utf8')).map((where) => `${path.relative(ROOT, file)}:${where}`),
    );
    expect(offences).toEqual([]);
  });

  it('the check catches a spelt code', () => {
    expect(
      spelledCodes(
        "throw new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } });\nif (e.extensions.code === 'NOT_FOUND') x();\nexport const RATE_LIMITED = 'RATE_LIMITED';",
      ),
    ).toEqual(['1: FORBIDDEN', '2: NOT_FOUND', '3: RATE_LIMITED']);
    expect(spelledCodes("extensions: { code: ErrorCode.FORBIDDEN, reason: 'OUTSIDE_REMIT' }")).toEqual([]);
  });
});
