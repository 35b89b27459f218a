import { buildExplorer, EXPLORER_ASSETS_DIR, explorerBuilt } from '../gateway/explorer/buildExplorer';

/** `npm run build:explorer` (`-- --if-missing` skips a bundle already built): the explorer's static assets. */
async function main(): Promise<void> {
  if (process.argv.includes('--if-missing') && explorerBuilt()) return;
  const started = Date.now();
  await buildExplorer();
  console.log(`explorer bundled into ${EXPLORER_ASSETS_DIR} in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
