import { buildCache, PinnedClock, openThrowawaySchema, silentLogger } from '../../platform';
import { ensureIdempotencyTable, IdempotencyStore, type SubgraphRuntime } from '../../subgraphs/kit';
import { serviceCatalogue } from '../../domain';
import { testGatewayKeys } from './callerContexts';
import { startSelfserviceForTests } from './selfserviceForTests';
import { TEST_DATABASE_URL } from './testStack';

/**
 * A SubgraphRuntime for a subgraph's integration tests, all real: the selfservice subgraph (access
 * log, filings) and idempotency keys in throwaway PostgreSQL schemas, an in-process cache (pass
 * redisUrl for Redis), a gateway key pair (contexts addressed to `service`) to sign caller contexts with, and one clock pinned
 * to `today` (an ISO date) that the subgraph, selfservice and the signed contexts share.
 */
export async function startTestRuntime(options: { service: string; redisUrl?: string; cache?: boolean; today: string }) {
  const clock = new PinnedClock(options.today);
  const keys = await testGatewayKeys(clock, options.service);
  const selfservice = await startSelfserviceForTests(keys.publicKey, clock, options.service);
  const sql = await openThrowawaySchema({ system: 'graph-store', databaseUrl: TEST_DATABASE_URL, prefix: 'idem' });
  await ensureIdempotencyTable(sql);
  const cache =
    options.cache === false
      ? undefined
      : buildCache({
          redisUrl: options.redisUrl,
          encryptionKeys: options.redisUrl ? `t1:${Buffer.alloc(32, 7).toString('base64')}` : undefined,
          logger: silentLogger,
        });
  const runtime: SubgraphRuntime = {
    logger: silentLogger,
    contextPublicKey: keys.publicKey,
    cache,
    selfservice: selfservice.client,
    catalogue: serviceCatalogue(),
    idempotency: new IdempotencyStore(sql),
    clock,
  };
  return {
    runtime,
    clock,
    keys,
    selfservice,
    idempotencySql: sql,
    async stop() {
      await selfservice.stop();
      await sql.close();
      await cache?.close();
    },
  };
}
