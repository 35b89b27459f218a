import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_CONFIG, SUPERGRAPH_FILE } from '../schema/composeSupergraph';
import { renderSupergraphYaml } from '../schema/supergraphYaml';

// Usage: npm run compose [-- --check]   (--check: fail if supergraph.graphql is out of date)
const check = process.argv.includes('--check');
// supergraph.yaml follows the registry of systems (systems/registry.ts).
const yaml = renderSupergraphYaml();
if (readFileSync(SUPERGRAPH_CONFIG, 'utf8') !== yaml) {
  if (check) {
    console.error(`${path.relative(process.cwd(), SUPERGRAPH_CONFIG)} does not match systems/registry.ts; run npm run compose and commit it.`);
    process.exit(1);
  }
  writeFileSync(SUPERGRAPH_CONFIG, yaml);
  console.log(`Wrote ${path.relative(process.cwd(), SUPERGRAPH_CONFIG)} from the registry.`);
}
const result = composeSupergraph(readSupergraphConfig());
if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):\n`);
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
const target = path.relative(process.cwd(), SUPERGRAPH_FILE);
if (check) {
  const current = readFileSync(SUPERGRAPH_FILE, 'utf8');
  if (current !== result.supergraphSdl) {
    console.error(`${target} is out of date; run npm run compose and commit it.`);
    process.exit(1);
  }
  console.log(`${target} is current.`);
} else {
  writeFileSync(SUPERGRAPH_FILE, result.supergraphSdl);
  console.log(`Composed ${readSupergraphConfig().length} subgraphs into ${target}.`);
}
