import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The browser app (explorer/src) has its own tsconfig (DOM, JSX); `npm test`'s tsc does not see it, so this checks it. */
describe('explorer app', () => {
  it('explorer-app-types: explorer/src type-checks against React and GraphiQL', () => {
    const root = path.join(__dirname, '..', '..');
    expect(() =>
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'explorer')], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  }, 60_000);
});
