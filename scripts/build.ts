import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run build` (`-- --out-dir <dir>`, default dist/; `--project <tsconfig>`, default tsconfig.build.json: the
 * bench's scripts/bench/tsconfig.build.json adds its stock Apollo Gateway peer): compiles the services
 * and copies the files they read at runtime next to the compiled code, so `node dist/gateway/main.js`
 * finds them through the same __dirname-relative paths as under tsx.
 */
const ROOT = path.join(__dirname, '..');
/** Folders whose runtime files are copied: schema SDL, SQL migrations, the WSDL, catalogue JSON, the safelist. */
const ASSET_DIRS = ['platform', 'domain', 'systems', 'personas', 'legacy', 'subgraphs', 'gateway', 'schema', 'operations'];
const ASSET_EXTENSIONS = ['.graphql', '.sql', '.wsdl', '.json', '.yaml'];

/** The path after `--<flag>` in argv, resolved; `fallback` when the flag is absent; an error naming `example` when it has no value. */
function pathArg(argv: string[], flag: string, fallback: string, example: string): string {
  const i = argv.indexOf(`--${flag}`);
  if (i === -1) return fallback;
  const value = argv[i + 1];
  if (!value) throw new Error(`--${flag} needs ${example}`);
  return path.resolve(value);
}

function copyAssets(from: string, to: string): number {
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'generated') copied += copyAssets(source, path.join(to, entry.name));
    } else if (ASSET_EXTENSIONS.includes(path.extname(entry.name))) {
      mkdirSync(to, { recursive: true });
      cpSync(source, path.join(to, entry.name));
      copied++;
    }
  }
  return copied;
}

function main(): void {
  const argv = process.argv.slice(2);
  const outDir = pathArg(argv, 'out-dir', path.join(ROOT, 'dist'), 'a folder, e.g. --out-dir /tmp/citizen-graph-dist');
  const project = pathArg(argv, 'project', path.join(ROOT, 'tsconfig.build.json'), 'a tsconfig file, e.g. --project scripts/bench/tsconfig.build.json');
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--outDir', outDir], {
    stdio: 'inherit',
  });
  let assets = 0;
  for (const dir of ASSET_DIRS) assets += copyAssets(path.join(ROOT, dir), path.join(outDir, dir));
  // The explorer bundle (npm run build:explorer) is served from build/explorer beside the code's root.
  const explorer = path.join(ROOT, 'build', 'explorer');
  if (existsSync(explorer)) cpSync(explorer, path.join(outDir, 'build', 'explorer'), { recursive: true });
  console.log(`built into ${outDir} in ${Date.now() - started} ms (${assets} runtime files copied${existsSync(explorer) ? ', explorer bundle included' : ''})`);
}

main();
