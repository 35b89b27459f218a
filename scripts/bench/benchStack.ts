import type { JWK } from 'jose';
import type { DevIssuer } from '../../gateway/identity/devIssuer';
import { acceptBenchStaticContexts, generateBenchContextKeys, signBenchStaticContext } from '../../domain/caller/benchStaticContext';
import type { CallerContext } from '../../domain/caller/types';
import type { FaultSettings } from '../../legacy/kit/faults';
import type { Population } from '../../legacy/population';
import type { CacheSettings, Logger, ReadThroughCache, SqlClient } from '../../platform';
import type { RunningService } from '../../subgraphs/kit';
import { DEFAULT_PORTS, type PortName } from '../../systems';
import { type RunningBackends, startBackends } from '../stack/startStack';

/**
 * What the bench measures behind the gateways: the legacy stand-ins, the databases and the
 * subgraphs, started by scripts/stack/startStack.ts's startBackends (without a gateway), because the
 * gateways (ours as `gateway/main.ts` runs it, with a worker per core, and the peers) run in
 * processes of their own. Unlike startStack it hands out the caller-context key pair (our gateway
 * process signs with the private half) and, with the explicit bench flag, accepts the bench's static
 * caller contexts for the peers (domain/caller/benchStaticContext.ts).
 */
export interface BenchStackOptions {
  readonly logger: Logger;
  readonly population: Population;
  readonly dataDir: string;
  readonly benefitsSql: SqlClient;
  readonly storeSql: SqlClient;
  readonly cache: Omit<CacheSettings, 'logger'>;
  readonly legacyFaults: Partial<Record<string, Partial<FaultSettings>>>;
}

export interface BenchStack {
  readonly standIns: RunningBackends['standIns'];
  readonly subgraphs: Readonly<Record<string, RunningService>>;
  readonly cache: ReadThroughCache;
  readonly devIssuer: DevIssuer;
  /** The gateway's signing key (CALLER_CONTEXT_PRIVATE_KEY for gateway/main.ts). */
  readonly contextPrivateJwk: JWK;
  /** Signs a static context for the peers with the bench's own key, for one subgraph, valid two hours. */
  signStatic(context: CallerContext, audience: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  // The peers' static contexts, signed with the bench's own key, are accepted only in this process and only with the bench flag.
  const bench = await generateBenchContextKeys();
  acceptBenchStaticContexts(bench.publicKey);
  // Every service on a free port: the gateways under test listen on their own.
  const ports = Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])) as Record<PortName, number>;
  const backends = await startBackends({
    logger: options.logger,
    population: options.population,
    dataDir: options.dataDir,
    benefitsSql: options.benefitsSql,
    storeSql: options.storeSql,
    cache: options.cache,
    legacyFaults: options.legacyFaults,
    ports,
  });
  return {
    standIns: backends.standIns,
    subgraphs: backends.subgraphs,
    cache: backends.cache!,
    devIssuer: backends.devIssuer,
    contextPrivateJwk: backends.contextKeys.privateJwk,
    signStatic: (context, audience) => signBenchStaticContext(context, bench.privateKey, { audience, operation: 'query' }, 2 * 3600),
    async stop() {
      // The benefits and selfservice subgraphs close their databases (and drop the throwaway schemas) as they stop
      // (subgraphs/benefits/server.ts, subgraphs/selfservice/server.ts); closing them again here failed.
      await backends.stop();
    },
  };
}
