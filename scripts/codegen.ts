import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';
import { SUPERGRAPH_FILE } from '../schema/composeSupergraph';
import { generateOperationTypes } from './codegen/generateOperationTypes';

const ROOT = path.join(__dirname, '..');
export const OPERATIONS_DIR = path.join(ROOT, 'operations');
export const GENERATED_FILE = path.join(OPERATIONS_DIR, 'generated', 'graphql.ts');

/** The generated module's text for the operations and supergraph on disk now. */
export async function currentOperationTypes(): Promise<string> {
  const schema = await apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const sources = readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file: `operations/${file}`, document: parse(readFileSync(path.join(OPERATIONS_DIR, file), 'utf8')) }));
  return generateOperationTypes(schema, sources);
}

/** `npm run codegen`: operations/*.graphql to operations/generated/graphql.ts; `-- --check` fails when it is stale. */
async function main(): Promise<void> {
  const text = await currentOperationTypes();
  const relative = path.relative(ROOT, GENERATED_FILE);
  if (process.argv.includes('--check')) {
    let onDisk = '';
    try {
      onDisk = readFileSync(GENERATED_FILE, 'utf8');
    } catch {
      /* missing is stale */
    }
    if (onDisk !== text) {
      console.error(`${relative} is stale: run \`npm run codegen\` and commit it`);
      process.exit(1);
    }
    console.log(`${relative} is current`);
    return;
  }
  mkdirSync(path.dirname(GENERATED_FILE), { recursive: true });
  writeFileSync(GENERATED_FILE, text);
  console.log(`wrote ${relative}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
