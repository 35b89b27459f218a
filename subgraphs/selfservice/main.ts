import { runService } from '../../platform/serviceProcess';
import { LegacyHttp } from '../../platform/legacyHttp';
import { tlsFromEnv } from '../../platform/tls';
import path from 'node:path';
import { importContextKey, parseServiceCredentials } from '../../domain/caller';
import { EnvReader } from '../../platform/env';
import { createLogger } from '../../platform/logger';
import { createServiceRegistry, LegacyCallMetrics } from '../../platform/metrics';
import { CprClient } from '../../domain/register/cprClient';
import { registerLookup } from '../../domain/register/registerLookup';
import { resilienceFromEnv } from '../../platform/resilience/resilienceFromEnv';
import { openSqlClient } from '../../platform/sql';
import { serviceConfig } from './config';
import { buildSelfserviceSubgraph } from './server';
import { readFileSync } from 'node:fs';
import { parseChannelCosts } from '../../domain/catalogue/channelCosts';
import { serviceCatalogue } from '../../domain/catalogue/catalogue';
import { startTracingFromEnv } from '../../platform/tracing';

/** Entry point: checks its settings once (./config.ts), opens the store (PostgreSQL or PGlite on disk), builds, listens. */
runService('selfservice subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-selfservice'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What resilienceFromEnv reads itself (LEGACY_CPR_RETRIES, ...); config has already checked every variable.
  const env = new EnvReader(process.env);
  const port = config.SELFSERVICE_SUBGRAPH_PORT;
  const databaseUrl = config.DATABASE_URL;
  const dataDir = path.resolve(config.SELFSERVICE_DATA_DIR);
  const contextPublicKey = await importContextKey(config.CALLER_CONTEXT_PUBLIC_KEY, 'public');
  // Which subgraphs may write the access log and filings: "citizen:<base64>,tax:<base64>,..." (npm run keys).
  const services = parseServiceCredentials(config.INTERNAL_SERVICE_KEYS, 'INTERNAL_SERVICE_KEYS');
  const exemptionDefaultYears = config.SELFSERVICE_EXEMPTION_DEFAULT_YEARS;
  const delegationMaxYears = config.SELFSERVICE_DELEGATION_MAX_YEARS;
  // The population register, asked whether a power of attorney's holder exists: the same settings the citizen subgraph reads.
  const cprUrl = config.LEGACY_CPR_URL;
  const cprTimeoutMs = config.LEGACY_CPR_TIMEOUT_MS;
  // Outcome figures: groups under this many citizens are suppressed; costs per channel from a file replacing the repository's.
  const minCellCitizens = config.SELFSERVICE_OUTCOMES_MIN_CELL_CITIZENS;
  const costsFile = config.SELFSERVICE_CHANNEL_COSTS_FILE;
  const channelCosts = costsFile ? parseChannelCosts(JSON.parse(readFileSync(path.resolve(costsFile), 'utf8')), serviceCatalogue()) : undefined;
  const logger = createLogger('selfservice', config.LOG_LEVEL);

  const metrics = createServiceRegistry('selfservice');
  const cprClient = new CprClient({
    http: new LegacyHttp({
      ...resilienceFromEnv(env, 'cpr'),
      baseURL: cprUrl,
      timeoutMs: cprTimeoutMs,
      logger,
      metrics: new LegacyCallMetrics(metrics),
      system: 'cpr',
    }),
  });
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
  }).listen(port, config.SELFSERVICE_SUBGRAPH_HOST, tlsFromEnv(env));
  return async () => {
    await service.stop();
    await cprClient.close();
  };
});
