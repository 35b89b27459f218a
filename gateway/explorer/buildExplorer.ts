import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
/** Where `npm run build:explorer` writes the bundle and the gateway reads it (gitignored). */
export const EXPLORER_ASSETS_DIR = path.join(ROOT, 'build', 'explorer');
const EXPLORER_ASSETS = ['explorer.js', 'explorer.css'] as const;

export function explorerBuilt(dir = EXPLORER_ASSETS_DIR): boolean {
  return EXPLORER_ASSETS.every((file) => existsSync(path.join(dir, file)));
}

/**
 * Bundles the explorer (explorer/src: GraphiQL, its explorer plugin, the persona switcher) from the
 * project's own node_modules into static files: nothing is fetched from a CDN at build or run time.
 * esbuild is a development dependency, so a gateway deployed without one serves a bundle built before.
 */
export async function buildExplorer(outdir = EXPLORER_ASSETS_DIR): Promise<void> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error(
      `the explorer bundle is missing under ${outdir} and esbuild is not installed; run \`npm run build:explorer\` where the development dependencies are`,
    );
  }
  await esbuild.build({
    entryPoints: { explorer: path.join(ROOT, 'explorer', 'src', 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Fonts and images inline, so the page asks the gateway for two files and nothing else.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'warning',
  });
}
