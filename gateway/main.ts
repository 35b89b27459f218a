import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger, DEFAULT_PORTS, EnvReader, type LogLevel } from '../subgraphs/kit';
import { buildGateway } from './server';
import { subgraphUrlsFromEnv } from './subgraphUrls';

async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const production = env.optional('NODE_ENV') === 'production';
  const logger = createLogger('gateway', env.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'], 'info'));
  const supergraphPath = env.string('SUPERGRAPH_PATH', path.join(__dirname, '..', 'schema', 'supergraph.graphql'));
  const gateway = buildGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    logger,
    subgraphUrls: subgraphUrlsFromEnv(process.env),
    subgraphTimeoutMs: env.int('GATEWAY_SUBGRAPH_TIMEOUT_MS', 10_000, { min: 1 }),
    introspection: env.boolean('GATEWAY_INTROSPECTION', !production),
  });
  const running = await gateway.listen(env.port('GATEWAY_PORT', DEFAULT_PORTS.gateway), env.string('GATEWAY_HOST', '127.0.0.1'));
  logger.info('gateway ready', { url: running.url, supergraph: supergraphPath });
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
