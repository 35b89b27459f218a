import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from './support/sourceFiles';
import { ensureIdempotencyTable } from '../subgraphs/kit';
import { openThrowawaySchema, type SqlClient } from '../platform';
import { migrate } from '../subgraphs/selfservice/store/migrate';
import { TEST_DATABASE_URL } from './support/testStack';

/**
 * One clock: nothing in the services reads the machine's clock for domain data. Every instant and
 * date comes from the injected Clock (platform/clock.ts), and a request's date from its
 * signed caller context. A new `Date.now()` or SQL `now()` fails here, naming the file and line.
 */
const ROOT = path.join(__dirname, '..');
const SCANNED = ['platform', 'domain', 'systems', 'personas', 'subgraphs', 'gateway', 'legacy'];

/** Where the machine's clock is read on purpose, and why; anything else is a defect. */
const ALLOWED: Record<string, string> = {
  'platform/clock.ts': 'the one place the machine clock is read: systemClock',
};

const MACHINE_CLOCK = [
  { name: 'Date.now', pattern: /\bDate\.now\b/ },
  { name: 'new Date() without an instant', pattern: /\bnew Date\(\s*\)/ },
  { name: 'SQL now()', pattern: /(?<![.\w])now\(\)/i },
  { name: 'SQL current time', pattern: /\b(CURRENT_TIMESTAMP|CURRENT_DATE|LOCALTIMESTAMP|transaction_timestamp|statement_timestamp|clock_timestamp)\b/i },
];

function stripComments(line: string, sql = false): string {
  if (sql) return line.replace(/--.*$/, '');
  return line
    .replace(/\/\/.*$/, '')
    .replace(/^\s*\*.*$/, '')
    .replace(/\/\*.*?\*\//g, '');
}

describe('one clock', () => {
  it('clock-discipline: no service source (TypeScript or SQL migration) reads the machine clock outside platform/clock.ts', () => {
    const files = SCANNED.flatMap((dir) =>
      sourceFiles(path.join(ROOT, dir), (name) => /\.(ts|sql)$/.test(name) && !/\.test\.ts$/.test(name) && !/[Tt]estSupport\.ts$/.test(name), []),
    );
    expect(files.length).toBeGreaterThan(100);
    const offences: string[] = [];
    for (const file of files) {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      if (ALLOWED[relative]) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = stripComments(line, relative.endsWith('.sql'));
          for (const { name, pattern } of MACHINE_CLOCK) if (pattern.test(code)) offences.push(`${relative}:${i + 1}: ${name}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });

  it('the discipline check itself catches each way of reading the clock', () => {
    const caught = (code: string) => MACHINE_CLOCK.some(({ pattern }) => pattern.test(stripComments(code)));
    expect(caught('const t = Date.now();')).toBe(true);
    expect(caught('const d = new Date();')).toBe(true);
    expect(caught("sql.query('INSERT INTO t (at) VALUES (now())')")).toBe(true);
    expect(caught('created_at timestamptz DEFAULT CURRENT_TIMESTAMP')).toBe(true);
    expect(caught('const d = new Date(context.at);')).toBe(false);
    expect(caught('const t = clock.now();')).toBe(false);
    expect(caught('const t = performance.now();')).toBe(false);
    expect(caught('// Date.now() is not used here')).toBe(false);
    expect(MACHINE_CLOCK.some(({ pattern }) => pattern.test(stripComments('  created_at timestamptz NOT NULL DEFAULT now(),', true)))).toBe(true);
    expect(MACHINE_CLOCK.some(({ pattern }) => pattern.test(stripComments('-- never now(): the application stamps it', true)))).toBe(false);
  });

  describe('the stores', () => {
    let sql: SqlClient;
    beforeAll(async () => {
      sql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'clock' });
      await migrate(sql);
      await ensureIdempotencyTable(sql);
    });
    afterAll(() => sql.close());

    it('no-database-clock-defaults: no column of the migrated store defaults to the database clock', async () => {
      const { rows } = await sql.query<{ table_name: string; column_name: string; column_default: string }>(
        `SELECT table_name, column_name, column_default FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_default IS NOT NULL`,
      );
      expect(rows.length).toBeGreaterThan(0);
      const clockDefaults = rows
        .filter((r) => /now\(\)|current_|localtimestamp|_timestamp\(/i.test(r.column_default))
        .map((r) => `${r.table_name}.${r.column_name}`);
      expect(clockDefaults).toEqual([]);
    });
  });
});
