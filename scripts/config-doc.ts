import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_DOC, configDoc } from './configDoc';

/** `npm run config:doc`: writes docs/configuration.md from every service's config.ts; `-- --check` only says whether it is current. */
const doc = configDoc();
const current = (() => {
  try {
    return readFileSync(CONFIG_DOC, 'utf8');
  } catch {
    return '';
  }
})();
if (process.argv.includes('--check')) {
  if (current !== doc) {
    process.stderr.write(`${path.relative(process.cwd(), CONFIG_DOC)} is out of date: run npm run config:doc\n`);
    process.exit(1);
  }
} else if (current !== doc) {
  writeFileSync(CONFIG_DOC, doc);
  process.stdout.write(`wrote ${path.relative(process.cwd(), CONFIG_DOC)}\n`);
} else {
  process.stdout.write(`${path.relative(process.cwd(), CONFIG_DOC)} is current\n`);
}
