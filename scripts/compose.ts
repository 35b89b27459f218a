import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_FILE } from '../schema/composeSupergraph';

// Usage: npm run compose [-- --check]   (--check: fail if supergraph.graphql is out of date)
const check = process.argv.includes('--check');
const result = composeSupergraph(readSupergraphConfig());
if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):\n`);
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
const target = path.relative(process.cwd(), SUPERGRAPH_FILE);
if (check) {
  const current = require('node:fs').readFileSync(SUPERGRAPH_FILE, 'utf8');
  if (current !== result.supergraphSdl) {
    console.error(`${target} is out of date; run npm run compose and commit it.`);
    process.exit(1);
  }
  console.log(`${target} is current.`);
} else {
  writeFileSync(SUPERGRAPH_FILE, result.supergraphSdl);
  console.log(`Composed ${readSupergraphConfig().length} subgraphs into ${target}.`);
}
