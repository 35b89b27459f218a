import { clientClassName, type ProtocolTemplate } from './protocol';
import { legacyDataTs, legacyEntryFiles, legacySystemTs } from './legacyData';
import { type ScaffoldPlan, tsString } from './subgraph';

/** A database: the client reads with one statement per batch (CPR = ANY($1)) and files with an INSERT keyed by a client reference. */
export const SQL: ProtocolTemplate = {
  clientFile: (names) => `${names.name}Client.ts`,
  clientModule: (names) => `${names.name}Client`,
  clientClass: clientClassName,
  clientTs,
  mainTs,
  configTs,
  wiringTs,
  legacyFiles: (plan) => ({
    [`legacy/${plan.names.name}/data.ts`]: legacyDataTs(plan),
    [`legacy/${plan.names.name}/schema.sql`]: schemaSql(plan),
    [`legacy/${plan.names.name}/install.ts`]: installTs(plan),
    [`legacy/${plan.names.name}/system.ts`]: legacySystemTs(plan, 'database'),
    ...legacyEntryFiles(plan, 'database'),
  }),
  test: {
    imports: (plan) => `import { openThrowawaySchema, type RecordedQuery, type SqlClient } from '../../platform';
import { install${plan.names.pascal}Database } from '../../legacy/${plan.names.name}/install';
import { TEST_DATABASE_URL } from '../../test/support/testStack';
import { ${clientClassName(plan.names)} } from './${plan.names.name}Client';`,
    declarations: (plan) => `let legacy: SqlClient;
let statements: RecordedQuery[] = [];
const makeClient = (_timeoutMs?: number) => new ${clientClassName(plan.names)}({ sql: legacy });`,
    setUp: (
      plan,
    ) => `legacy = await openThrowawaySchema({ system: '${plan.names.name}', databaseUrl: TEST_DATABASE_URL, prefix: '${plan.names.name}', onQuery: (q) => statements.push(q) });
    await install${plan.names.pascal}Database(legacy, population);`,
    tearDown: () => 'await legacy.close();',
    lookups: (plan) => `statements.filter((s) => s.text.includes('/* ${plan.names.name}.records */')).map((s) => s.params[0])`,
    filings: (plan) => `statements.filter((s) => s.text.includes('/* ${plan.names.name}.submit */')).length`,
    reset: () => 'statements = [];',
  },
};

function tableNames(plan: ScaffoldPlan): { records: string; filings: string } {
  const upper = plan.names.upper;
  return { records: `${upper}_POST`, filings: `${upper}_INDB` };
}

function clientTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  const t = tableNames(plan);
  return `import { LegacyError } from '../../platform/errors';
import type { SqlClient, SqlQueryable } from '../../platform/sql';
import { ${upper}_SYSTEM } from './mapping';
import type { ${pascal}LegacyRecord, ${pascal}Receipt, ${pascal}Submission } from './records';

/** The most CPR numbers per statement. */
export const ${upper}_MAX_BATCH = 1000;

/**
 * The one client for the ${name} database (legacy/${name}/schema.sql). Values travel only as
 * parameters; a read of N citizens is one statement. Each statement opens with a comment naming it,
 * for tests and pg_stat_statements. Failures are the SQL client's LegacyErrors for "${name}"
 * (SqlError: 'unavailable', 'timeout' or 'fault' by SQLSTATE).
 */
export class ${client} {
  private readonly sql: SqlQueryable;

  /** The database belongs to whoever opened it (main.ts, the stack); close() leaves it open. */
  constructor(options: { readonly sql: SqlClient | SqlQueryable }) {
    this.sql = options.sql;
  }

  /** Records by CPR number; citizens without one are absent from the map. */
  async records(cprs: readonly string[]): Promise<Map<string, ${pascal}LegacyRecord>> {
    const found = new Map<string, ${pascal}LegacyRecord>();
    for (let i = 0; i < cprs.length; i += ${upper}_MAX_BATCH) {
      const { rows } = await this.sql.query<{ cpr: string; status: string; since: string; municipality: string }>(
        \`/* ${name}.records */ SELECT CPRNR AS cpr, STATUS AS status, DATO AS since, KOMMUNE AS municipality FROM ${t.records} WHERE CPRNR = ANY($1::text[])\`,
        [cprs.slice(i, i + ${upper}_MAX_BATCH)],
      );
      for (const row of rows) found.set(row.cpr, row);
    }
    return found;
  }

  /** Files once per client reference (KLIENT_REF is unique): the same reference answers with the first filing. */
  async submit(submission: ${pascal}Submission): Promise<${pascal}Receipt> {
    const { rows } = await this.sql.query<{ reference: string; cpr: string; status: string; received: string }>(
      \`/* ${name}.submit */ WITH new AS (
         INSERT INTO ${t.filings} (CPRNR, KLIENT_REF, STATUS, MODTAGET)
         VALUES ($1, $2, 'V', to_char(now(), 'YYYYMMDD'))
         ON CONFLICT (KLIENT_REF) DO NOTHING
         RETURNING INDB_ID, CPRNR, STATUS, MODTAGET)
       SELECT 'IND' || INDB_ID::text AS reference, CPRNR AS cpr, STATUS AS status, MODTAGET AS received FROM new
       UNION ALL
       SELECT 'IND' || INDB_ID::text, CPRNR, STATUS, MODTAGET FROM ${t.filings} WHERE KLIENT_REF = $2 AND CPRNR = $1
       LIMIT 1\`,
      [submission.cpr, submission.clientReference],
    );
    if (rows.length === 0) throw new LegacyError(${upper}_SYSTEM, 'fault', 'KLIENT_REF was used for another citizen');
    return rows[0];
  }

  close(): void {
    // The pool is closed by whoever opened it.
  }
}
`;
}

function configTs(plan: ScaffoldPlan): string {
  const { name, upper } = plan.names;
  return `import path from 'node:path';
import { defineConfig, LOGGING_SETTINGS, SERVER_TLS_SETTINGS, setting } from '../../platform/config';
import { DEFAULT_PORTS } from '../../systems/ports';
import { subgraphRuntimeSettings } from '../kit/runtimeConfig';

/** The ${name} subgraph's settings (subgraphs/${name}/main.ts). */
export const serviceConfig = defineConfig('subgraph ${name}', 'subgraphs/${name}/main.ts', ${tsString(`${plan.legacyTitle} (a database) as ${name} facts on Citizen. Install the database first (legacy/${name}/main.ts).`)}, {
  ${upper}_SUBGRAPH_PORT: setting.port('Port the subgraph listens on.', DEFAULT_PORTS.${name}),
  ${upper}_SUBGRAPH_HOST: setting.text('Address the subgraph binds (0.0.0.0 in a container).', '127.0.0.1'),
  ${upper}_DATA_DIR: setting.text('PGlite folder of the ${name} database when DATABASE_URL is unset.', path.join('data', '${name}')),
  ${upper}_DB_SCHEMA: setting.optional('PostgreSQL schema of the ${name} tables.', { documented: 'public' }),
  ${upper}_DB_TIMEOUT_MS: setting.int('Statement timeout on the ${name} database, ms.', 5000, { min: 1 }),
  ${upper}_STORE_DATA_DIR: setting.text('PGlite folder for the idempotency keys when DATABASE_URL is unset.', path.join('data', '${name}-store')),
  ...subgraphRuntimeSettings('${name}', { dataDir: false }),
  ...LOGGING_SETTINGS,
  ...SERVER_TLS_SETTINGS,
});
`;
}

function mainTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  return `import { createLogger, EnvReader, openSqlClient, runService, tlsFromEnv } from '../../platform';
import { startTracingFromEnv } from '../../platform/tracing';
import { runtimeFromEnv } from '../kit';
import { serviceConfig } from './config';
import { ${client} } from './${name}Client';
import { build${pascal}Subgraph } from './server';

/**
 * The ${name} subgraph as a service: checks its settings once (./config.ts; docs/configuration.md).
 * DATABASE_URL selects PostgreSQL for the ${name} database (${upper}_DB_SCHEMA its schema) and the
 * idempotency keys; without it, PGlite under ${upper}_DATA_DIR and ${upper}_STORE_DATA_DIR. Install the
 * database first (legacy/${name}/main.ts).
 */
runService('${name} subgraph', async () => {
  const config = serviceConfig.load(process.env);
  startTracingFromEnv('citizen-graph-${name}'); // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md, Tracing)
  // What the shared helpers read themselves (TLS files, the runtime); config has already checked every variable.
  const env = new EnvReader(process.env);
  const logger = createLogger('${name}', config.LOG_LEVEL);
  // runtimeFromEnv would put the idempotency store in ${upper}_DATA_DIR, the database's PGlite folder: give it its own.
  const { runtime, sql: store } = await runtimeFromEnv(new EnvReader({ ...process.env, ${upper}_DATA_DIR: config.${upper}_STORE_DATA_DIR }), '${name}', logger);
  const databaseUrl = config.DATABASE_URL;
  const legacy = await openSqlClient({
    system: '${name}', databaseUrl, dataDir: databaseUrl ? undefined : config.${upper}_DATA_DIR, schema: config.${upper}_DB_SCHEMA, statementTimeoutMs: config.${upper}_DB_TIMEOUT_MS,
  });
  const running = await build${pascal}Subgraph({ ...runtime, client: new ${client}({ sql: legacy }) }).listen(config.${upper}_SUBGRAPH_PORT, config.${upper}_SUBGRAPH_HOST, tlsFromEnv(env));
  logger.info('${name} subgraph ready', { url: running.url, engine: legacy.engine });
  return async () => {
    await running.stop();
    await Promise.all([legacy.close(), store.close(), runtime.cache?.close()]);
  };
});
`;
}

function wiringTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const client = clientClassName(plan.names);
  return `import type { SubgraphWiring } from '../kit/wiring';
import { ${client} } from './${name}Client';
import { build${pascal}Subgraph } from './server';

/** How the local stack builds this subgraph (scripts/stack/startStack.ts): its client on the database the stack installed. */
export const wiring: SubgraphWiring = {
  build: (parts) => build${pascal}Subgraph({ ...parts.runtime, client: new ${client}({ sql: parts.legacySql! }) }),
};
`;
}

function schemaSql(plan: ScaffoldPlan): string {
  const t = tableNames(plan);
  return `-- The ${plan.names.name} system's tables (stand-in): codes and YYYYMMDD dates, as the system keeps them.
CREATE TABLE IF NOT EXISTS ${t.records} (
  CPRNR    char(10) PRIMARY KEY,
  STATUS   char(1)  NOT NULL,
  DATO     char(8)  NOT NULL,
  KOMMUNE  char(4)  NOT NULL
);

-- Filings, once per client reference.
CREATE TABLE IF NOT EXISTS ${t.filings} (
  INDB_ID     bigserial    PRIMARY KEY,
  CPRNR       char(10)     NOT NULL,
  KLIENT_REF  varchar(64)  NOT NULL UNIQUE,
  STATUS      char(1)      NOT NULL,
  MODTAGET    char(8)      NOT NULL
);
`;
}

function installTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const t = tableNames(plan);
  return `import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from '../../platform/sql';
import type { Population } from '../population';
import { ${name}RowOf } from './data';

/**
 * Creates the ${name} tables if missing and, when ${t.records} is empty, seeds one row per citizen
 * the system knows (data.ts, derived from the population). Safe to run again.
 */
export async function install${pascal}Database(sql: SqlClient, population: Population): Promise<{ readonly seeded: boolean; readonly seconds: number }> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  return sql.transaction(async (tx) => {
    const script = readFileSync(path.join(__dirname, 'schema.sql'), 'utf8').split('\\n').filter((line) => !/^\\s*--/.test(line)).join('\\n');
    for (const statement of script.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
    const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ${t.records}');
    if (existing.rows[0].n > 0) return { seeded: false, seconds: seconds() };
    const rows = population.people.flatMap((person) => {
      const row = ${name}RowOf(person);
      return row ? [row] : [];
    });
    await tx.query(
      'INSERT INTO ${t.records} (CPRNR, STATUS, DATO, KOMMUNE) SELECT * FROM unnest($1::bpchar[], $2::bpchar[], $3::bpchar[], $4::bpchar[])',
      [rows.map((r) => r.cpr), rows.map((r) => r.status), rows.map((r) => r.since), rows.map((r) => r.municipality)],
    );
    return { seeded: true, seconds: seconds() };
  });
}
`;
}
