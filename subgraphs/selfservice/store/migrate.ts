import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../../../platform/clock';
import type { SqlClient, SqlQueryable } from '../../../platform/sql';
import { IDEMPOTENCY_TABLE_SQL } from '../../kit/idempotency';
import { splitSqlStatements } from './sqlScript';

/** DDL a migration takes from its owner with a line `-- include: <name>`, so one table has one definition. */
const INCLUDES: Readonly<Record<string, readonly string[]>> = { idempotency_keys: IDEMPOTENCY_TABLE_SQL };

/** One schema change: migrations/NNN_name.sql, applied once, in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly script: string;
  /** SHA-256 of the script: an applied migration must never change. */
  readonly checksum: string;
}

export interface MigrationOutcome {
  /** Versions applied by this call (empty when the store was current). */
  readonly applied: readonly number[];
  /** The store's version afterwards. */
  readonly version: number;
}

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/**
 * Earlier texts of a migration that end in the same schema once the later ones have run, so a
 * store that applied them is not refused: 001 and 002 once had a database-clock default on recorded_at and
 * created_at, which 003_one_clock drops. Any other change still fails the checksum.
 */
const EQUIVALENT_EARLIER_CHECKSUMS: Readonly<Record<number, readonly string[]>> = {
  1: ['bda1af8d8f76a76608c69900643a5276b51933921c7abb544cbfb159cf4a1987'],
  // 002 spelt the idempotency table's DDL out; it now includes the kit's (the same table), see INCLUDES.
  2: ['1bd831c83681daf919e734d5e26d3b539fc37cc8b51e2e25c1340ee81d8c6ce8', '2bf2322b21f835e57a14ca40c8da3244e38328ce088a928e4c58d0724dac3263'],
};

export interface MigrateOptions {
  readonly migrations?: readonly Migration[];
  /** Stamps applied_at (when a deploy ran); the database's clock is never used. */
  readonly clock?: Clock;
}

/** Reads migrations/NNN_name.sql; the versions must run 1, 2, 3, ... without gaps. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named NNN_lowercase_name.sql`);
    const script = readFileSync(path.join(dir, file), 'utf8');
    return { version: Number(match[1]), name: match[2], script, checksum: createHash('sha256').update(script).digest('hex') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 001, 002, ... without gaps; found ${String(m.version).padStart(3, '0')}_${m.name}.sql at position ${i + 1}`);
  });
  return migrations;
}

/**
 * Brings the store up to date in one transaction. On PostgreSQL a transaction-scoped advisory
 * lock (per schema) makes a second process starting at the same time wait, then find nothing to do.
 */
export async function migrate(sql: SqlClient, options: MigrateOptions = {}): Promise<MigrationOutcome> {
  const migrations = options.migrations ?? loadMigrations();
  const appliedAt = (options.clock ?? systemClock).now().toISOString();
  return sql.transaction(async (tx) => {
    if (sql.engine === 'postgres') {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('citizen-graph:selfservice:migrations:' || current_schema()))`);
    }
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL)`);
    // Stores made before the one clock had a database-clock default here.
    await tx.query('ALTER TABLE schema_migrations ALTER COLUMN applied_at DROP DEFAULT');
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const [version, row] of done) {
      const known = migrations.find((m) => m.version === version);
      if (!known) throw new Error(`the store has migration ${version} (${row.name}) that this code does not know; deploy the newer code`);
      if (known.checksum !== row.checksum && !EQUIVALENT_EARLIER_CHECKSUMS[version]?.includes(row.checksum))
        throw new Error(`migration ${version}_${known.name}.sql changed after it was applied; add a new migration instead`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await apply(tx, migration, appliedAt);
      applied.push(migration.version);
    }
    return { applied, version: migrations.length === 0 ? 0 : migrations[migrations.length - 1].version };
  });
}

async function apply(tx: SqlQueryable, migration: Migration, appliedAt: string): Promise<void> {
  for (const statement of splitSqlStatements(migration.script)) await tx.query(statement);
  for (const [, name] of migration.script.matchAll(/^-- include: ([a-z_]+)$/gm)) {
    const included = INCLUDES[name];
    if (!included) throw new Error(`migration ${migration.version}_${migration.name}.sql includes unknown DDL "${name}"`);
    for (const statement of included) await tx.query(statement);
  }
  await tx.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4::timestamptz)', [
    migration.version,
    migration.name,
    migration.checksum,
    appliedAt,
  ]);
}
