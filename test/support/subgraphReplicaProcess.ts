/**
 * A second replica of one subgraph in a process of its own, so a test can SIGKILL it mid-request
 * as a node failure would (test/support/replicas.ts spawns it with node --import tsx). Built like the stack
 * builds that subgraph (subgraphs/<name>/wiring.ts), from the parts the stack shares with it in
 * SUBGRAPH_REPLICA (JSON, ReplicaProcessConfig): the caller-context public key, the subgraph's
 * selfservice credential, the legacy system's URL, the same Redis (cache keys) and the same
 * PostgreSQL schema (idempotency keys). Prints {"ready": url} on stdout once it listens.
 */
import path from 'node:path';
import { importContextKey, serviceCatalogue } from '../../domain';
import { buildCache, openSqlClient, PinnedClock, silentLogger } from '../../platform';
import { createServiceRegistry, exposeCacheMetrics, LegacyCallMetrics } from '../../platform/metrics';
import { sqlReadinessCheck } from '../../platform/readiness/ReadinessChecks';
import { IdempotencyStore } from '../../subgraphs/kit';
import type { SubgraphWiring } from '../../subgraphs/kit/wiring';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';

export interface ReplicaProcessConfig {
  readonly name: string;
  readonly contextPublicJwk: Record<string, unknown>;
  /** This subgraph's selfservice credential: name and base64 secret. */
  readonly credential?: { readonly name: string; readonly secret: string };
  readonly selfserviceUrl: string;
  /** The legacy system this subgraph wraps, spoken to over HTTP. */
  readonly legacy?: { readonly system: string; readonly url: string };
  readonly registerUrl: string;
  readonly databaseUrl: string;
  readonly storeSchema: string;
  readonly cache?: { readonly redisUrl: string; readonly encryptionKeys: string; readonly redisCommandTimeoutMs?: number };
  /** The stack's pinned instant (ISO): caller contexts are judged on the same clock as the gateway signs them. */
  readonly clockAt: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.SUBGRAPH_REPLICA ?? '') as ReplicaProcessConfig;
  const store = await openSqlClient({ system: 'selfservice', databaseUrl: config.databaseUrl, schema: config.storeSchema });
  const cache = config.cache ? buildCache({ ...config.cache, logger: silentLogger }) : undefined;
  const metrics = createServiceRegistry(config.name);
  if (cache) exposeCacheMetrics(metrics, cache.metrics, config.legacy ? [config.legacy.system] : undefined);
  const legacyMetrics = new LegacyCallMetrics(metrics);
  const { wiring } = require(path.join(__dirname, '..', '..', 'subgraphs', config.name, 'wiring')) as { wiring: SubgraphWiring };
  const credential = config.credential ? { name: config.credential.name, secret: Buffer.from(config.credential.secret, 'base64') } : undefined;
  const runtime = {
    logger: silentLogger,
    contextPublicKey: await importContextKey(JSON.stringify(config.contextPublicJwk), 'public'),
    cache,
    catalogue: serviceCatalogue(),
    idempotency: new IdempotencyStore(store),
    clock: new PinnedClock(config.clockAt),
    metrics,
    readiness: [sqlReadinessCheck('idempotency-store', store)],
    selfservice: new SelfserviceClient({ baseUrl: config.selfserviceUrl, timeoutMs: 3000, credential }),
  };
  const http = (system: string, baseURL: string) => ({ system, baseURL, timeoutMs: 5000, metrics: legacyMetrics });
  const stops: (() => unknown)[] = [];
  const server = wiring.build({
    runtime,
    legacyHttp: config.legacy ? http(config.legacy.system, config.legacy.url) : undefined,
    registerHttp: http('cpr', config.registerUrl),
    store,
    serviceCredentials: credential ? [credential] : [],
    onStop: (stop) => {
      stops.push(stop);
    },
  });
  const running = await server.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ ready: running.url })}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      await running.stop();
      for (const stop of stops) await stop();
      await cache?.close();
      await store.close();
      process.exit(0);
    })();
  });
}

main().catch((error) => {
  process.stderr.write(`subgraph replica failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
