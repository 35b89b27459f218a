import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient, SqlQueryable } from '../../platform/sql';
import type { Population } from '../population';
import { DEFAULT_REFERENCE_DATE, seedBenefits, type ClaimSeed, type PaymentSeed } from './seed';

export interface InstallOptions {
  /** The day the seeded history runs up to (ISO); fixed by default so every install is identical. */
  readonly referenceDate?: string;
  /** Rows per INSERT statement. */
  readonly batchSize?: number;
}

export interface InstallResult {
  /** False when the tables already held data and were left as they were. */
  readonly seeded: boolean;
  readonly claims: number;
  readonly payments: number;
  readonly seconds: number;
}

/** Any number; it only has to be the same for every installer, so two never seed at once. */
const INSTALL_LOCK_KEY = 7_310_001;

/**
 * Creates the YDL tables if missing and, when YDL_KRAV is empty, seeds claims and payments
 * derived from the population. Safe to run again and from several processes at once.
 */
export async function installBenefitsDatabase(sql: SqlClient, population: Population, options: InstallOptions = {}): Promise<InstallResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 5000;
  if (!(batchSize >= 1)) throw new Error(`installBenefitsDatabase: batchSize must be at least 1 row, got ${batchSize}`);
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [INSTALL_LOCK_KEY]);
    for (const statement of schemaStatements()) await tx.query(statement);
    const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM YDL_KRAV');
    if (existing.rows[0].n > 0) return { seeded: false, claims: existing.rows[0].n, payments: await countPayments(tx), seconds: secondsSince(started) };
    const seed = seedBenefits(population, options.referenceDate ?? DEFAULT_REFERENCE_DATE);
    for (const batch of chunks(seed.claims, batchSize)) await insertClaims(tx, batch);
    for (const batch of chunks(seed.payments, batchSize)) await insertPayments(tx, batch);
    return { seeded: true, claims: seed.claims.length, payments: seed.payments.length, seconds: secondsSince(started) };
  });
}

/** schema.sql as single statements, since a transaction takes one statement at a time. */
export function schemaStatements(): string[] {
  const text = readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');
  return text
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

// unnest over one array per column: a whole batch in one statement with a fixed number of parameters.
async function insertClaims(tx: SqlQueryable, claims: readonly ClaimSeed[]): Promise<void> {
  await tx.query(
    `INSERT INTO YDL_KRAV (KRV_ID, KRV_CPR, KRV_TYPE, KRV_STAT, KRV_FRA_DTO, KRV_TIL_DTO, KRV_BLB_ORE, KRV_REL_CPR)
     SELECT * FROM unnest($1::bigint[], $2::bpchar[], $3::bpchar[], $4::bpchar[], $5::bpchar[], $6::bpchar[], $7::bigint[], $8::bpchar[])`,
    [
      claims.map((c) => c.id),
      claims.map((c) => c.cpr),
      claims.map((c) => c.type),
      claims.map((c) => c.status),
      claims.map((c) => c.from),
      claims.map((c) => c.to),
      claims.map((c) => c.monthlyOre),
      claims.map((c) => c.relatedCpr),
    ],
  );
}

async function insertPayments(tx: SqlQueryable, payments: readonly PaymentSeed[]): Promise<void> {
  await tx.query(
    `INSERT INTO YDL_UDBET (UDB_ID, UDB_KRV_ID, UDB_DTO, UDB_BLB_ORE, UDB_KONTO, UDB_STAT)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bpchar[], $4::bigint[], $5::varchar[], $6::bpchar[])`,
    [
      payments.map((p) => p.id),
      payments.map((p) => p.claimId),
      payments.map((p) => p.date),
      payments.map((p) => p.ore),
      payments.map((p) => p.account),
      payments.map((p) => p.status),
    ],
  );
}

async function countPayments(tx: SqlQueryable): Promise<number> {
  return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM YDL_UDBET')).rows[0].n;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function secondsSince(started: number): number {
  return Math.round((performance.now() - started) / 10) / 100;
}
