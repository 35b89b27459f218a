import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';
import { buildSafelistManifest } from '../gateway/persisted/buildSafelistManifest';

// Usage: npm run safelist [-- --operations <folder>] [--out <file>] [--supergraph <file>] [--check]
// Builds the gateway's safelist (GATEWAY_SAFELIST_PATH) from the frontends' .graphql operations,
// validated against the supergraph. --check: fail if the manifest on disk is not what would be built.
const root = path.join(__dirname, '..');
const operationsDir = argument('--operations') ?? path.join(root, 'operations');
const out = argument('--out') ?? path.join(operationsDir, 'safelist.json');
const supergraph = argument('--supergraph') ?? path.join(root, 'schema', 'supergraph.graphql');
const check = process.argv.includes('--check');

async function main(): Promise<void> {
  const files = graphqlFiles(operationsDir);
  if (files.length === 0) throw new Error(`no .graphql files under ${operationsDir}`);
  const sources = files.map((file) => ({ file: path.relative(process.cwd(), file), text: readFileSync(file, 'utf8') }));
  const result = buildSafelistManifest(sources, await apiSchemaOf(readFileSync(supergraph, 'utf8')));
  if (!result.ok) {
    console.error(`The safelist was not written: ${result.problems.length} problem(s):\n`);
    for (const problem of result.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const text = `${JSON.stringify(result.manifest, null, 2)}\n`;
  const target = path.relative(process.cwd(), out);
  if (check) {
    if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
      console.error(`${target} is out of date; run npm run safelist and commit it.`);
      process.exit(1);
    }
    console.log(`${target} is current (${result.manifest.operations.length} operations).`);
    return;
  }
  writeFileSync(out, text);
  console.log(`Wrote ${result.manifest.operations.length} operations to ${target}: ${result.manifest.operations.map((o) => o.name).join(', ')}.`);
}

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return graphqlFiles(full);
      return entry.name.endsWith('.graphql') ? [full] : [];
    })
    .sort();
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().catch((error) => {
  console.error(`safelist failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
