import { LegacyHttp } from '../../platform/legacyHttp';
import path from 'node:path';
import { importContextKey, parseServiceCredentials } from '../../domain/caller';
import { EnvReader } from '../../platform/env';
import { createLogger, type LogLevel } from '../../platform/logger';
import { DEFAULT_PORTS } from '../../systems/ports';
import { createServiceRegistry, LegacyCallMetrics } from '../../platform/metrics';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import { resilienceFromEnv } from '../../platform/resilience/resilienceFromEnv';
import { openSqlClient } from '../../platform/sql';
import { buildSelfserviceSubgraph } from './server';
import { readFileSync } from 'node:fs';
import { parseChannelCosts } from '../../domain/catalogue/channelCosts';
import { serviceCatalogue } from '../../domain/catalogue/catalogue';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: reads env once, opens the store (PostgreSQL or PGlite on disk), builds, listens. */
async function main(): Promise<void> {
  startTracingFromEnv('citizen-graph-selfservice'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  const env = new EnvReader(process.env);
  const port = env.port('SELFSERVICE_SUBGRAPH_PORT', DEFAULT_PORTS.selfservice);
  const databaseUrl = env.optional('DATABASE_URL');
  const dataDir = path.resolve(env.string('SELFSERVICE_DATA_DIR', './data/selfservice'));
  const contextPublicKey = await importContextKey(env.string('CALLER_CONTEXT_PUBLIC_KEY'), 'public');
  // Which subgraphs may write the access log and filings: "citizen:<base64>,tax:<base64>,..." (npm run keys).
  const services = parseServiceCredentials(env.string('INTERNAL_SERVICE_KEYS'), 'INTERNAL_SERVICE_KEYS');
  const exemptionDefaultYears = env.int('SELFSERVICE_EXEMPTION_DEFAULT_YEARS', 2, { min: 0, max: 100 });
  const delegationMaxYears = env.int('SELFSERVICE_DELEGATION_MAX_YEARS', 5, { min: 1, max: 100 });
  // The population register, asked whether a power of attorney's holder exists: the same settings the citizen subgraph reads.
  const cprUrl = env.url('LEGACY_CPR_URL', `http://127.0.0.1:${DEFAULT_PORTS.legacyCpr}`);
  const cprTimeoutMs = env.int('LEGACY_CPR_TIMEOUT_MS', 5000, { min: 1, max: 120_000 });
  // Outcome figures: groups under this many citizens are suppressed; costs per channel from a file replacing the repository's.
  const minCellCitizens = env.int('SELFSERVICE_OUTCOMES_MIN_CELL_CITIZENS', 5, { min: 1, max: 1000 });
  const costsFile = env.optional('SELFSERVICE_CHANNEL_COSTS_FILE');
  const channelCosts = costsFile ? parseChannelCosts(JSON.parse(readFileSync(path.resolve(costsFile), 'utf8')), serviceCatalogue()) : undefined;
  const logLevel = env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info');
  const logger = createLogger('selfservice', logLevel);

  const metrics = createServiceRegistry('selfservice');
  const cprClient = new CprClient({ http: new LegacyHttp({ ...resilienceFromEnv(env, 'cpr'), baseURL: cprUrl, timeoutMs: cprTimeoutMs, logger, metrics: new LegacyCallMetrics(metrics), system: 'cpr' }) });
  const sql = await openSqlClient({ system: 'selfservice', databaseUrl, dataDir: databaseUrl ? undefined : dataDir });
  logger.info('selfservice store opened', { engine: sql.engine, dataDir: sql.engine === 'pglite' ? dataDir : undefined });
  const service = await buildSelfserviceSubgraph({
    sql,
    logger,
    metrics,
    contextPublicKey,
    services,
    register: registerLookup(cprClient),
    // 0 years means open-ended: exemptions granted without an end date are lifelong.
    outcomes: { minCellCitizens, channelCosts },
    policy: { exemptionDefaultYears: exemptionDefaultYears === 0 ? null : exemptionDefaultYears, delegationMaxYears },
  }).listen(port);
  const stop = () => void service.stop().then(() => cprClient.close()).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`selfservice subgraph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
