import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACT_FOR_HEADER } from '../../gateway/identity/createGatewayContext';
import { PERSONAS } from '../../legacy/population';
import { startStack, type RunningStack, type StackOptions } from '../../scripts/stack/startStack';
import { openThrowawaySchema, PinnedClock, silentLogger } from '../../platform';
import { DEFAULT_PORTS, type PortName } from '../../systems';

/** The PostgreSQL the project's machines run; tests isolate themselves in throwaway schemas. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

/** Every port of the registry (each system and its stand-in) on a free one. */
const FREE_PORTS = Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])) as Record<PortName, number>;

export type TestStack = RunningStack & {
  /** Anonymous GraphQL call through the gateway. */
  graphql: GraphQLCaller;
  /** GraphQL as a demo persona, optionally acting for another citizen (x-act-for). */
  as(personaId: string, actFor?: string): GraphQLCaller;
  tokenFor(personaId: string): Promise<string>;
};

/** The day end-to-end tests run on unless they pass a clock of their own: pinned, never the machine's. */
export const E2E_TODAY = '2026-11-26';

/** The whole stack on free loopback ports, its databases in throwaway PostgreSQL schemas, on a pinned clock. */
export async function startTestStack(options: Partial<StackOptions> & { onBenefitsQuery?: () => void } = {}): Promise<TestStack> {
  const benefitsSql = await openThrowawaySchema({ system: 'benefits', databaseUrl: TEST_DATABASE_URL, prefix: 'e2e', onQuery: options.onBenefitsQuery });
  const storeSql = await openThrowawaySchema({ system: 'selfservice', databaseUrl: TEST_DATABASE_URL, prefix: 'e2e_store' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citizen-graph-'));
  const stack = await startStack({ logger: silentLogger, ports: FREE_PORTS, benefitsSql, storeSql, dataDir, clock: new PinnedClock(E2E_TODAY), ...options });
  const tokenFor = async (id: string) => {
    const persona = PERSONAS.find((p) => p.id === id);
    if (!persona) throw new Error(`no persona ${id}`);
    return stack.devIssuer.mint(persona, 600);
  };
  return {
    ...stack,
    graphql: graphqlCaller(stack.gatewayUrl),
    tokenFor,
    as:
      (personaId, actFor) =>
      async (query, variables, headers = {}) => {
        const extra: Record<string, string> = { authorization: `Bearer ${await tokenFor(personaId)}`, ...headers };
        if (actFor) extra[ACT_FOR_HEADER] = actFor;
        return graphqlCaller(stack.gatewayUrl)(query, variables, extra);
      },
  };
}

export interface GraphQLResponse<D = Record<string, any>> {
  readonly status: number;
  readonly body: {
    data?: D | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
    extensions?: Record<string, any>;
  };
}

export type GraphQLCaller = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse>;

export function graphqlCaller(url: string): GraphQLCaller {
  return async (query, variables, headers = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  };
}
