import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../gateway/persisted/Safelist';
import { buildGateway, type GatewayOptions } from '../../gateway/server';
import type { RunningStack } from '../../scripts/stack/startStack';
import { generateContextKeys } from '../../domain';
import type { Logger } from '../../platform';
import type { RunningService } from '../../subgraphs/kit';

export { sha256Hex };

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** A logger that keeps its lines, for asserting what was logged (and how often). */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Another gateway replica over a running stack's subgraphs, on a free loopback port. It verifies
 * the stack's dev tokens but signs caller contexts with a key of its own, which the subgraphs do
 * not trust: use it for what the edge decides (anonymous operations on public fields, limits,
 * persisted queries, rate limits), not for citizen data.
 */
export async function startGatewayReplica(
  stack: RunningStack,
  options: Partial<GatewayOptions> = {},
  logger: Logger = recordingLogger(),
): Promise<RunningService> {
  const keys = await generateContextKeys();
  return buildGateway({
    supergraphSdl: readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
    logger,
    identity: {
      verifyToken: stack.verifyToken,
      directory: {
        actingContext: async () => ({ delegations: [], exemptions: [] }),
        registerFacts: async () => null,
        domainOfService: () => undefined,
      },
      signingKey: keys.privateKey!,
      clock: stack.clock,
    },
    subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
    ...options,
  }).listen(0, '127.0.0.1');
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] } & Record<string, any>;
}

/** One HTTP request to a gateway with exactly the method, headers and body given (JSON-encoded unless a string). */
export async function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<RawResponse> {
  const method = init.method ?? 'POST';
  const response = await fetch(url, {
    method,
    headers: method === 'GET' ? init.headers : { 'content-type': 'application/json', ...init.headers },
    body: method === 'GET' ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: RawResponse['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

/** The APQ extension for a query: what clients send instead of (or with) its text. */
export function persistedQuery(query: string): { extensions: { persistedQuery: { version: 1; sha256Hash: string } } } {
  return { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } } };
}
