import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { Agent } from 'undici';
import { SubgraphDataSource } from './SubgraphDataSource';

/**
 * How the gateway calls one subgraph, against a real HTTP server on loopback: the answer as sent,
 * and each failure mode reported as SUBGRAPH_TIMEOUT / SUBGRAPH_UNAVAILABLE naming the subgraph,
 * never its URL.
 */
// A const enum in @apollo/gateway's types, which the test transform does not inline: its value.
const HEALTH_CHECK = 'health check' as GraphQLDataSourceRequestKind.HEALTH_CHECK;

describe('SubgraphDataSource', () => {
  let server: Server;
  let url: string;
  const dispatcher = new Agent();
  /** What the stand-in subgraph does with the next call. */
  let behaviour: 'answer' | 'hang' | 'fail' = 'answer';

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (behaviour === 'hang') return; // never answers: the caller's deadline must end it
      req.resume();
      req.on('end', () => {
        if (behaviour === 'fail') {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('bad gateway at http://10.0.0.7:4002/internal');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-access-logged': '0' });
        res.end(JSON.stringify({ data: { __typename: 'Query' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await dispatcher.close();
  });

  const call = (timeoutMs: number) =>
    new SubgraphDataSource({ name: 'housing', url, timeoutMs, dispatcher }).process({
      kind: HEALTH_CHECK,
      request: { query: '{ __typename }' },
      context: { requestId: 'r-1', staleData: [] },
    });

  it('subgraph-answers: the JSON answer comes back as sent', async () => {
    behaviour = 'answer';
    await expect(call(2_000)).resolves.toMatchObject({ data: { __typename: 'Query' } });
  });

  it('subgraph-timeout: a subgraph that never answers is cut off at the deadline as SUBGRAPH_TIMEOUT, naming the subgraph and not its URL', async () => {
    behaviour = 'hang';
    const error = (await call(150).catch((e: unknown) => e)) as Error & { extensions?: Record<string, unknown> };
    expect(error).toMatchObject({ extensions: { code: 'SUBGRAPH_TIMEOUT', subgraph: 'housing' } });
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toContain('127.0.0.1');
  });

  it('subgraph-http-error: an HTTP 502 is SUBGRAPH_UNAVAILABLE with the status, without the body or the URL', async () => {
    behaviour = 'fail';
    const error = (await call(2_000).catch((e: unknown) => e)) as Error & { extensions?: Record<string, unknown> };
    expect(error).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'housing', status: 502 } });
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(/10\.0\.0\.7|127\.0\.0\.1/);
  });

  it('subgraph-down: nothing listening is SUBGRAPH_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await new SubgraphDataSource({ name: 'tax', url: `http://127.0.0.1:${port}/graphql`, timeoutMs: 2_000, dispatcher })
      .process({ kind: HEALTH_CHECK, request: { query: '{ __typename }' }, context: { requestId: 'r-2', staleData: [] } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'tax' } });
  });
});
