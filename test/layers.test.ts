import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isServiceTypeScript, sourceFiles } from './support/sourceFiles';

/**
 * The layers are one-way (docs/architecture.md). Each source file's relative imports are checked
 * against what its layer may import; tests sit above every layer and are not checked.
 *
 *   systems/, personas/   data: import no other layer
 *   platform/             plumbing: imports no other layer
 *   domain/               domain rules: platform/, systems/
 *   legacy/               the agency stand-ins: platform/, systems/, personas/ only
 *   subgraphs/            platform/, domain/, systems/, personas/ and subgraphs/; never gateway/ or legacy/
 *   gateway/              anything but legacy/
 */
const ROOT = path.join(__dirname, '..');
const LAYERS = ['systems', 'personas', 'platform', 'domain', 'legacy', 'subgraphs', 'gateway', 'scripts', 'schema', 'test'] as const;
type Layer = (typeof LAYERS)[number];

const MAY_IMPORT: Record<string, readonly Layer[]> = {
  systems: ['systems'],
  personas: ['personas'],
  platform: ['platform'],
  domain: ['domain', 'platform', 'systems'],
  legacy: ['legacy', 'platform', 'systems', 'personas'],
  // personas/names: the comment screen's list of names (demo data until a national names list is wired in).
  subgraphs: ['subgraphs', 'domain', 'platform', 'systems', 'personas'],
  gateway: ['gateway', 'subgraphs', 'domain', 'platform', 'systems', 'personas', 'schema'],
};

function layerOf(file: string): Layer | undefined {
  const first = path.relative(ROOT, file).split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(first) ? (first as Layer) : undefined;
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\(\s*)'(\.[^']*)'/g;

function layerViolations(files: readonly string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  const found: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    const allowed = layer && MAY_IMPORT[layer];
    if (!allowed) continue;
    for (const match of read(file).matchAll(IMPORT)) {
      const target = layerOf(path.resolve(path.dirname(file), match[1]));
      if (target && !allowed.includes(target)) found.push(`${path.relative(ROOT, file)} (${layer}) imports ${match[1]} (${target})`);
    }
  }
  return found;
}

describe('layers', () => {
  const files = Object.keys(MAY_IMPORT).flatMap((dir) => sourceFiles(path.join(ROOT, dir), isServiceTypeScript));

  it('layers-one-way: no source file imports a layer it stands above', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(layerViolations(files)).toEqual([]);
  });

  it('the check catches a stand-in reaching into domain code and the gateway into legacy/', () => {
    const fake: Record<string, string> = {
      [path.join(ROOT, 'legacy/cpr/x.ts')]: "import { parseCpr } from '../../domain/cpr';",
      [path.join(ROOT, 'gateway/identity/x.ts')]: "import type { Person } from '../../legacy/population';",
      [path.join(ROOT, 'platform/x.ts')]: "const k = require('../subgraphs/kit');",
      [path.join(ROOT, 'domain/x.ts')]: "import { clock } from '../platform/clock';",
    };
    expect(layerViolations(Object.keys(fake), (f) => fake[f])).toEqual([
      'legacy/cpr/x.ts (legacy) imports ../../domain/cpr (domain)',
      'gateway/identity/x.ts (gateway) imports ../../legacy/population (legacy)',
      'platform/x.ts (platform) imports ../subgraphs/kit (subgraphs)',
    ]);
  });
});
