import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The files under `dir` that `accept` takes (by file name), for the tests that check rules across
 * the source (layers, error codes, the one clock). Folders named in `skipDirs` are not entered.
 */
export function sourceFiles(dir: string, accept: (name: string) => boolean, skipDirs: readonly string[] = ['node_modules', 'generated']): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return skipDirs.includes(name) ? [] : sourceFiles(full, accept, skipDirs);
    return accept(name) ? [full] : [];
  });
}

/** TypeScript that ships: every .ts but the tests. */
export const isServiceTypeScript = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.test.ts');
