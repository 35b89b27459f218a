import type { Fetcher } from '@apollo/utils.fetcher';
import type { CallerContext, OperationKind } from '../../domain/caller';
import { CALLER_CONTEXT_HEADER, generateContextKeys, signCallerContext } from '../../domain/caller/signing';
import { ACCESS_LOGGED_HEADER } from '../../subgraphs/kit/accessLog';
import { shareIdenticalFetches } from './shareIdenticalFetches';

/** Identical anonymous queries, and a citizen's identical reads of their own data, in flight share one subgraph call; nothing else, nothing kept. */
describe('sharing identical subgraph fetches in flight', () => {
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
    const shared = shareIdenticalFetches(fetcher);
    const both = Promise.all([shared(URL, { method: 'POST', body: CATALOGUE, headers: {} }), shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })]);
    release();
    const answers = await both;
    expect(calls).toEqual([CATALOGUE]);
    expect(await Promise.all(answers.map((a) => a.json()))).toEqual([{ data: { services: [] } }, { data: { services: [] } }]);
    expect(answers[0].headers.get('content-type')).toBe('application/json');
  });

  it('public-fetch-not-kept: a query after the first answered makes its own call', async () => {
    const { calls, release, fetcher } = recordingFetcher();
    const shared = shareIdenticalFetches(fetcher);
    release();
    await shared(URL, { method: 'POST', body: CATALOGUE, headers: {} });
    await shared(URL, { method: 'POST', body: CATALOGUE, headers: {} });
    expect(calls).toHaveLength(2);
  });

  it('public-fetch-context-not-shared: calls carrying a caller context, and mutations, are never shared', async () => {
    const { calls, release, fetcher } = recordingFetcher();
    const shared = shareIdenticalFetches(fetcher);
    // A context that is not a citizen's self-read (here not even a signed one) is never shared.
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
    const shared = shareIdenticalFetches(failing);
    await expect(
      Promise.all([shared(URL, { method: 'POST', body: CATALOGUE, headers: {} }), shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })]),
    ).rejects.toThrow(/ECONNREFUSED/);
    await expect(shared(URL, { method: 'POST', body: CATALOGUE, headers: {} })).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBe(2);
  });

  describe('a citizen reading their own data', () => {
    const OVERVIEW = JSON.stringify({ query: 'query Overview__tax__1 { me { preliminaryIncomeAssessment(year: 2026) { year } } }', variables: {} });
    const TAX = 'http://127.0.0.1:4002/graphql';
    const citizen = (cpr: string) => ({ kind: 'citizen' as const, id: `sub-${cpr}`, cpr, scopes: [], name: 'Test Borger' });
    const selfContext = (requestId: string, cpr = '0101801234', at = '2026-11-26T09:00:00.000Z'): CallerContext => ({
      actor: citizen(cpr),
      channel: 'DIGITAL_SELF_SERVICE',
      requestId,
      at,
      today: '2026-11-26',
      subjectMunicipalityCode: '0751',
    });
    let keys: Awaited<ReturnType<typeof generateContextKeys>>;
    beforeAll(async () => {
      keys = await generateContextKeys();
    });
    const signed = async (context: CallerContext, operation: OperationKind = 'query', audience = 'tax') => ({
      method: 'POST',
      body: OVERVIEW,
      headers: { [CALLER_CONTEXT_HEADER]: await signCallerContext(context, keys.privateKey!, { audience, operation }), 'x-request-id': context.requestId },
    });

    function answering(logged: string | undefined) {
      const calls: string[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const fetcher = (async (_url: string, init: { headers: Record<string, string> }) => {
        calls.push(init.headers['x-request-id']);
        await gate;
        return new Response('{"data":{"me":{}}}', { status: 200, headers: logged === undefined ? {} : { [ACCESS_LOGGED_HEADER]: logged } });
      }) as unknown as Fetcher;
      return { calls, release: () => release(), fetcher };
    }

    async function concurrently(fetcher: Fetcher, inits: unknown[], release: () => void) {
      const shared = shareIdenticalFetches(fetcher);
      const all = Promise.all(inits.map((init) => shared(TAX, init as never)));
      // Let every call reach the sharing before the first answers.
      await new Promise((resolve) => setImmediate(resolve));
      release();
      return Promise.all((await all).map((r) => r.json()));
    }

    it("self-read-shared: the same citizen, query, day and permissions in two requests at once make one call (the first request's context)", async () => {
      const { calls, release, fetcher } = answering('0');
      const inits = [await signed(selfContext('r1')), await signed(selfContext('r2', '0101801234', '2026-11-26T09:00:00.400Z'))];
      const answers = await concurrently(fetcher, inits, release);
      expect(calls).toEqual(['r1']);
      expect(answers).toEqual([{ data: { me: {} } }, { data: { me: {} } }]);
    });

    it("self-read-logged-not-shared: an answer that logged someone's access, or does not say, is not reused: each request calls", async () => {
      for (const logged of ['1', undefined]) {
        const { calls, release, fetcher } = answering(logged);
        await concurrently(fetcher, [await signed(selfContext('r1')), await signed(selfContext('r2'))], release);
        expect(calls).toEqual(['r1', 'r2']);
      }
    });

    it('self-read-others-not-shared: another citizen, another day, other permissions, a mutation context, another audience each call', async () => {
      const base = selfContext('r0');
      const others: CallerContext[] = [
        selfContext('r1', '0202802345'),
        { ...selfContext('r2', '0101801234', '2026-11-27T09:00:00.000Z'), today: '2026-11-27' },
        { ...selfContext('r3'), actor: { ...citizen('0101801234'), scopes: ['extra'] } },
        { ...selfContext('r4'), subjectMunicipalityCode: '0101' },
      ];
      const { calls, release, fetcher } = answering('0');
      await concurrently(
        fetcher,
        [
          await signed(base),
          ...(await Promise.all(others.map((c) => signed(c)))),
          await signed(selfContext('r5'), 'mutation'),
          await signed(selfContext('r6'), 'query', 'housing'),
        ],
        release,
      );
      expect(calls).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    });

    it('third-party-reads-not-shared: delegates, custodians, caseworkers, analysts and the system identity each call', async () => {
      const grantor = '0303803456';
      const thirdParties: CallerContext[] = [
        { ...selfContext('d1'), channel: 'DELEGATE', actingFor: { cpr: grantor, basis: 'delegation', grants: [{ domain: 'tax', actions: ['read'] }] } },
        { ...selfContext('c1'), actingFor: { cpr: grantor, basis: 'custody', grants: [{ domain: 'tax', actions: ['read'] }] } },
        { ...selfContext('w1'), actor: { kind: 'caseworker', id: 'cw', authority: 'municipality:0751', scopes: ['tax:read'] }, channel: 'ASSISTED' },
        { ...selfContext('a1'), actor: { kind: 'analyst', id: 'an', authority: 'agency:tax', scopes: [] } },
        { ...selfContext('s1'), actor: { kind: 'system', id: 'citizen-graph', scopes: [] }, purpose: 'acting-for check' },
      ];
      for (const context of thirdParties) {
        const { calls, release, fetcher } = answering('0');
        await concurrently(fetcher, [await signed(context), await signed({ ...context, requestId: `${context.requestId}-again` })], release);
        expect(calls).toEqual([context.requestId, `${context.requestId}-again`]);
      }
    });
  });
});
