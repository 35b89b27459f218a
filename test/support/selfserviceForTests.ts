import { buildSelfserviceSubgraph } from '../../subgraphs/selfservice/server';
import { type Clock, LegacyError, openThrowawaySchema, silentLogger } from '../../platform';
import { type ContextKeys, generateServiceCredential } from '../../domain';
import { SelfserviceClient } from '../../subgraphs/selfservice/client/selfserviceClient';
import type { RegisterLookup } from '../../domain/register/registerLookup';
import { TEST_DATABASE_URL } from './testStack';

/** For tests that grant no power of attorney: asking it fails as a register outage would. */
export const UNWIRED_REGISTER: RegisterLookup = {
  known: async () => {
    throw new LegacyError('cpr', 'unavailable', 'no population register in this test');
  },
  names: async () => {
    throw new LegacyError('cpr', 'unavailable', 'no population register in this test');
  },
};

/**
 * The real selfservice subgraph on a free port, in a throwaway PostgreSQL schema: for subgraph
 * tests that write the access log or filings. Stop it to drop the schema.
 */
export async function startSelfserviceForTests(
  publicKey: ContextKeys['publicKey'],
  clock: Clock,
  service: string,
  register: RegisterLookup = UNWIRED_REGISTER,
) {
  const sql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'ss' });
  // The subgraph under test proves its name with its own credential, as deployed.
  const credential = generateServiceCredential(service);
  const running = await buildSelfserviceSubgraph({ sql, logger: silentLogger, contextPublicKey: publicKey, services: [credential], register, clock }).listen(0);
  const baseUrl = running.url.replace(/\/graphql$/, '');
  return {
    url: running.url,
    baseUrl,
    client: new SelfserviceClient({ baseUrl, timeoutMs: 5000, credential }),
    /** The store itself, for seeding records (a power of attorney) and assertions. */
    sql,
    /** Rows of the access log, read straight from the store, for assertions. */
    accessLog: () => sql.query<{ subject_cpr: string; actor_role: string; domain: string; operation: string }>('SELECT * FROM access_log ORDER BY id'),
    filings: () => sql.query<Record<string, unknown>>('SELECT * FROM filings ORDER BY 1'),
    /** Idempotent: tests that stop selfservice mid-way (access-log-down) can still call it again. */
    stop: (() => {
      let stopped: Promise<void> | undefined;
      return () => (stopped ??= running.stop());
    })(),
  };
}
