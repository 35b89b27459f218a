import type { Fetcher } from '@apollo/utils.fetcher';
import { CALLER_CONTEXT_HEADER } from '../../domain/caller/signing';
import { sharePublicFetches } from './sharePublicFetches';

/** Anonymous identical queries in flight share one subgraph call; nothing else is shared, nothing kept. */
describe('sharing public subgraph fetches', () => {
  const CATALOGUE = JSON.stringify({ query: 'query Catalogue__selfservice__0 { services { code } }', variables: {} });
  const MUTATION = JSON.stringify({ query: 'mutation Apply__benefits__0 { applyForBenefit { id } }', variables: {} });
  const URL = 'http://127.0.0.1:4005/graphql';

  function recordingFetcher() {
    const calls: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetcher = (async (_url: string, init: { body: string }) => {
      calls.push(init.body);
      await gate;
      return new Response('{"data":{"services":[]}}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as Fetcher;
    return { calls, release: () => release(), fetcher };
  }

  it('public-fetch-shared: two identical anonymous queries at once make one call and both get the answer', async () => {
    const { calls, release, fetcher } = recordingFetcher();
    const shared = sharePublicFetches(fetcher);
    const both = Promise.all([shared(URL, { method: 'POST', body: CATALOGUE, headers: {} }), shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })]);
    release();
    const answers = await both;
    expect(calls).toEqual([CATALOGUE]);
    expect(await Promise.all(answers.map((a) => a.json()))).toEqual([{ data: { services: [] } }, { data: { services: [] } }]);
    expect(answers[0].headers.get('content-type')).toBe('application/json');
  });

  it('public-fetch-not-kept: a query after the first answered makes its own call', async () => {
    const { calls, release, fetcher } = recordingFetcher();
    const shared = sharePublicFetches(fetcher);
    release();
    await shared(URL, { method: 'POST', body: CATALOGUE, headers: {} });
    await shared(URL, { method: 'POST', body: CATALOGUE, headers: {} });
    expect(calls).toHaveLength(2);
  });

  it('public-fetch-context-not-shared: calls carrying a caller context, and mutations, are never shared', async () => {
    const { calls, release, fetcher } = recordingFetcher();
    const shared = sharePublicFetches(fetcher);
    const withContext = { method: 'POST', body: CATALOGUE, headers: { [CALLER_CONTEXT_HEADER]: 'signed' } };
    const all = Promise.all([
      shared(URL, withContext),
      shared(URL, withContext),
      shared(URL, { method: 'POST', body: MUTATION, headers: {} }),
      shared(URL, { method: 'POST', body: MUTATION, headers: {} }),
    ]);
    release();
    await all;
    expect(calls).toHaveLength(4);
  });

  it('public-fetch-failure-shared: a failed shared call fails every waiting query, and the next one calls again', async () => {
    let calls = 0;
    const failing = (async () => {
      calls++;
      throw new Error('connect ECONNREFUSED');
    }) as unknown as Fetcher;
    const shared = sharePublicFetches(failing);
    await expect(
      Promise.all([shared(URL, { method: 'POST', body: CATALOGUE, headers: {} }), shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })]),
    ).rejects.toThrow(/ECONNREFUSED/);
    await expect(shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBe(2);
  });
});
