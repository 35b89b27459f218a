import path from 'node:path';
import { freePort } from '../stack/loopbackPorts';
import { type SpawnedGateway, spawnGateway } from './spawned';
import type { StackReady } from './types';

/**
 * Our gateway as it is deployed: the compiled `gateway/main.js` (`compiledRoot`, built by the bench
 * with scripts/build.ts as the Dockerfile's `npm run build`) run by plain node, in a process of its own with `workers` workers
 * (GATEWAY_WORKERS, node:cluster), routed to the bench stack's subgraphs. Production settings
 * except what the bench must change: the development issuer (the bench mints its tokens; refused
 * under NODE_ENV=production, so NODE_ENV is unset and the production defaults are set one by one:
 * introspection, field suggestions and the explorer off) and no rate limit (every request comes from
 * one address). The safelist stays off as in earlier runs (the persisted workload registers its
 * operation by automatic persisted query). Persisted queries are shared by the workers in Redis.
 */
export async function startOurGateway(
  compiledRoot: string,
  ready: StackReady,
  workers: number,
  redisUrl: string,
  nodeFlags: readonly string[] = [],
): Promise<SpawnedGateway> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_WORKERS: String(workers),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    GATEWAY_DEV_ISSUER: 'true',
    DATA_DIR: ready.dataDir,
    CALLER_CONTEXT_PRIVATE_KEY: ready.contextPrivateJwk,
    SELFSERVICE_URL: ready.subgraphUrls.selfservice.replace(/\/graphql$/, ''),
    GATEWAY_INTROSPECTION: 'false',
    GATEWAY_FIELD_SUGGESTIONS: 'false',
    GATEWAY_EXPLORER: 'false',
    GATEWAY_SAFELIST: 'false',
    GATEWAY_RATE_LIMIT: '0',
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'error',
    ...Object.fromEntries(Object.entries(ready.subgraphUrls).map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url])),
  };
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  return spawnGateway({
    name: 'Citizen Graph gateway',
    command: process.execPath,
    args: [...nodeFlags, path.join(compiledRoot, 'gateway', 'main.js')],
    env,
    url: `http://127.0.0.1:${port}/graphql`,
  });
}
