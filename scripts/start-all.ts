import path from 'node:path';
import { PERSONAS } from '../legacy/population';
import { createLogger, EnvReader, type LogLevel } from '../platform';
import { startProcessStack } from './stack/startProcesses';
import { startStack } from './stack/startStack';
import { startTracingFromEnv } from '../platform/tracing';

/**
 * `npm start`: the whole graph on one machine with embedded defaults. With DATABASE_URL the
 * benefits database is PostgreSQL; without it, PGlite under DATA_DIR (default ./data).
 * Each service runs in its own process (the gateway with a worker per core), as deployed;
 * `npm start -- --one-process` (or STACK_ONE_PROCESS=true) runs everything in this process instead.
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const logger = createLogger('stack', env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'warn'));
  const dataDir = path.resolve(env.string('DATA_DIR', 'data'));
  const databaseUrl = env.optional('DATABASE_URL');
  const redisUrl = env.optional('REDIS_URL');
  const oneProcess = process.argv.includes('--one-process') || env.boolean('STACK_ONE_PROCESS', false);
  // One process, one tracer provider: spans tell the services apart by citizen_graph.service.
  if (oneProcess) startTracingFromEnv('citizen-graph-stack');
  const stack = oneProcess
    ? await startStack({
        logger,
        dataDir,
        databaseUrl,
        cache: { redisUrl, encryptionKeys: env.optional('CACHE_ENCRYPTION_KEYS') },
        ports: { gateway: env.port('GATEWAY_PORT', 4000) },
      })
    : await startProcessStack({
        dataDir,
        databaseUrl,
        redisUrl,
        cacheEncryptionKeys: env.optional('CACHE_ENCRYPTION_KEYS'),
        gatewayPort: env.port('GATEWAY_PORT', 4000),
        gatewayWorkers: env.optional('GATEWAY_WORKERS') === undefined ? undefined : env.int('GATEWAY_WORKERS', 1, { min: 1 }),
        logLevel: env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'warn'),
        output: process.stderr,
      });

  const personas = PERSONAS.map((p) => `    ${p.id.padEnd(18)} ${(p.cpr ?? p.authority ?? '').padEnd(24)} ${p.name}`).join('\n');
  process.stdout.write(
    [
      '',
      `Citizen Graph is running${oneProcess ? ' in one process' : `: ${'services' in stack ? stack.services.length : 0} processes (the gateway with a worker per core)`}.`,
      `  GraphQL:   ${stack.gatewayUrl}   (open it in a browser for the explorer)`,
      `  Health:    ${stack.gatewayUrl.replace('/graphql', '/health')}`,
      `  Databases: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite under ${dataDir}`}; cache: ${redisUrl ? 'Redis (REDIS_URL)' : 'in-process memory'}`,
      `  Demo personas (npm run token -- <id> prints a development access token):`,
      personas,
      `Try, in another terminal:`,
      `  TOKEN=$(npm run -s token -- ingrid | tail -1)`,
      `  curl -s ${stack.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ me { name { full } preliminaryIncomeAssessment(year: 2026) { withholdingRate { percent } } housingBenefit { monthlyAmount { kroner } } benefitClaims { type status } } }"}'`,
      `Stop with Ctrl-C.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping: finishing in-flight requests...\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`Citizen Graph failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
