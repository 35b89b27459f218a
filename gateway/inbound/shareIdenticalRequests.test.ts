import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { PinnedClock } from '../../platform/clock';
import type { SharedRequest } from '../../platform/httpHandler';
import { type SharingVerdict, shareIdenticalRequests } from './shareIdenticalRequests';

/**
 * The inbound sharing's rules, with a stand-in for Apollo Server's execution: which identical
 * requests in flight take the first one's answer and which run on their own. The whole gateway is
 * exercised in test/e2e/inbound-sharing.test.ts.
 */
const NOW = '2026-12-02T10:00:00Z';
const nowSeconds = Date.parse(NOW) / 1000;

/** An unsigned JWT with the given claims: the sharing only ever reads a waiting request's expiry (the leader verified the same string). */
function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'EdDSA' })}.${part(claims)}.signature`;
}
const LIVE = token({ sub: 'citizen-1', exp: nowSeconds + 300 });

function request(overrides: { headers?: Record<string, string>; body?: unknown; method?: string } = {}): SharedRequest {
  const headers = new HeaderMap(Object.entries({ 'content-type': 'application/json', authorization: `Bearer ${LIVE}`, ...overrides.headers }));
  return { method: overrides.method ?? 'POST', search: '', headers, body: overrides.body ?? { query: '{ me { cpr } }' } };
}

function answer(body: string, status = 200): HTTPGraphQLResponse {
  return { status, headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]), body: { kind: 'complete', string: body } };
}

/** A controllable execution: counts runs, lets the test decide the verdict, and resolves when told. */
function harness(options: { admit?: (r: SharedRequest, subject: string | undefined) => Promise<void>; clock?: PinnedClock } = {}) {
  const verdicts: SharingVerdict[] = [];
  let shared = 0;
  const sharing = shareIdenticalRequests({
    clock: options.clock ?? new PinnedClock(NOW),
    attach: (v) => {
      verdicts.push(v);
    },
    admit: options.admit,
    onShared: () => shared++,
  });
  let runs = 0;
  const releases: ((response: HTTPGraphQLResponse) => void)[] = [];
  const execute = () => {
    runs++;
    return new Promise<HTTPGraphQLResponse>((resolve) => releases.push(resolve));
  };
  return {
    sharing,
    execute,
    /** The verdict of the latest request that ran. */
    verdict: () => verdicts[verdicts.length - 1],
    verdicts: () => verdicts,
    runs: () => runs,
    shared: () => shared,
    /** Answers the oldest execution still running. */
    release: (response: HTTPGraphQLResponse) => releases.shift()!(response),
    /** Answers every execution still running, also those started while answering. */
    async drain(response: HTTPGraphQLResponse) {
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setImmediate(r));
        while (releases.length > 0) releases.shift()!(response);
      }
    },
  };
}

/** A verdict as a self-read of a signed-in citizen leaves it: a query, nothing logged. */
function selfRead(verdict: SharingVerdict): void {
  verdict.operation = 'query';
  verdict.authenticated = true;
  verdict.subject = 'citizen-1';
  verdict.noteSubgraphAnswer('0');
}

describe('shareIdenticalRequests', () => {
  it('identical-requests-share-one-run: three identical queries in flight run once and each gets a copy of the answer', async () => {
    const h = harness();
    const first = h.sharing.share(request(), h.execute);
    const others = [h.sharing.share(request(), h.execute), h.sharing.share(request(), h.execute)];
    selfRead(h.verdict());
    h.release(answer('{"data":{"me":{"cpr":"x"}}}'));
    const answers = await Promise.all([first, ...others]);
    expect(h.runs()).toBe(1);
    expect(h.shared()).toBe(2);
    for (const a of answers) expect(a.body).toEqual({ kind: 'complete', string: '{"data":{"me":{"cpr":"x"}}}' });
    // Copies: a caller changing its headers cannot change another's.
    expect(answers[1].headers).not.toBe(answers[2].headers);
    expect(h.sharing.inFlight()).toBe(0);
  });

  it('per-request-headers-do-not-split: requests differing only in x-request-id and trace headers share; any other header splits them', async () => {
    const h = harness();
    const first = h.sharing.share(request({ headers: { 'x-request-id': 'a', traceparent: '00-a-b-01' } }), h.execute);
    const same = h.sharing.share(request({ headers: { 'x-request-id': 'b', traceparent: '00-c-d-01' } }), h.execute);
    const actingFor = h.sharing.share(request({ headers: { 'x-act-for': '0101901234' } }), h.execute);
    const otherToken = h.sharing.share(request({ headers: { authorization: `Bearer ${token({ sub: 'citizen-2', exp: nowSeconds + 300 })}` } }), h.execute);
    const otherBody = h.sharing.share(request({ body: { query: '{ me { name { full } } }' } }), h.execute);
    expect(h.runs()).toBe(4);
    for (const verdict of h.verdicts()) selfRead(verdict);
    await h.drain(answer('{"data":{}}'));
    await Promise.all([first, same, actingFor, otherToken, otherBody]);
    expect(h.shared()).toBe(1);
  });

  it.each([
    ['mutations-not-shared-inbound', (v: SharingVerdict) => Object.assign(v, { operation: 'mutation', authenticated: true }), answer('{"data":{}}')],
    [
      'logged-reads-not-shared-inbound',
      (v: SharingVerdict) => {
        selfRead(v);
        v.noteSubgraphAnswer('1');
      },
      answer('{"data":{}}'),
    ],
    [
      'unsaid-logging-not-shared-inbound',
      (v: SharingVerdict) => {
        selfRead(v);
        v.noteSubgraphAnswer(null);
      },
      answer('{"data":{}}'),
    ],
    ['errors-not-shared-inbound', selfRead, answer('{"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}],"data":null}')],
    ['non-200-not-shared-inbound', selfRead, answer('{"data":null}', 503)],
    ['unresolved-operation-not-shared-inbound', (v: SharingVerdict) => Object.assign(v, { authenticated: true }), answer('{"data":{}}')],
  ])('%s: the waiting requests run on their own once the first has answered', async (_name, decide, response) => {
    const h = harness();
    const first = h.sharing.share(request(), h.execute);
    const waiting = [h.sharing.share(request(), h.execute), h.sharing.share(request(), h.execute)];
    decide(h.verdict());
    h.release(response);
    await first;
    await h.drain(answer('{"data":{"own":true}}'));
    const answers = await Promise.all(waiting);
    expect(h.runs()).toBe(3);
    expect(h.shared()).toBe(0);
    for (const a of answers) expect(a.body).toEqual({ kind: 'complete', string: '{"data":{"own":true}}' });
  });

  it('anonymous-reads-shared-whatever-logging-says: with no verified caller only public data can be read, so the answer is shared', async () => {
    const h = harness();
    const anonymous = () => request({ headers: { authorization: '' } });
    const first = h.sharing.share(anonymous(), h.execute);
    const second = h.sharing.share(anonymous(), h.execute);
    h.verdict().operation = 'query';
    h.verdict().noteSubgraphAnswer(null);
    h.release(answer('{"data":{"services":[]}}'));
    await Promise.all([first, second]);
    expect(h.runs()).toBe(1);
    expect(h.shared()).toBe(1);
  });

  it('leader-failure-not-shared: when the first request throws, the waiting ones run on their own', async () => {
    let runs = 0;
    const sharing = shareIdenticalRequests({ clock: new PinnedClock(NOW), attach: () => undefined });
    let fail!: (e: Error) => void;
    const first = sharing.share(request(), () => {
      runs++;
      return new Promise((_, reject) => {
        fail = reject;
      });
    });
    const second = sharing.share(request(), async () => {
      runs++;
      return answer('{"data":{"own":true}}');
    });
    fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toMatchObject({ body: { string: '{"data":{"own":true}}' } });
    expect(runs).toBe(2);
  });

  it('expired-token-not-shared: a waiting request whose own token expired by the clock runs on its own (and is refused there)', async () => {
    const clock = new PinnedClock(NOW);
    const h = harness({ clock });
    const shortLived = token({ sub: 'citizen-1', exp: nowSeconds + 1 });
    const first = h.sharing.share(request({ headers: { authorization: `Bearer ${shortLived}` } }), h.execute);
    const second = h.sharing.share(request({ headers: { authorization: `Bearer ${shortLived}` } }), h.execute);
    selfRead(h.verdict());
    clock.advance(1_000);
    h.release(answer('{"data":{}}'));
    await first;
    await h.drain(answer('{"errors":[{"message":"expired"}]}'));
    await second;
    expect(h.runs()).toBe(2);
    expect(h.shared()).toBe(0);
  });

  it('rate-limit-counts-shared-requests: each waiting request is admitted by the rate limit with the first one subject; one over its limit runs on its own', async () => {
    const admitted: (string | undefined)[] = [];
    let calls = 0;
    const h = harness({
      admit: async (_r, subject) => {
        calls++;
        admitted.push(subject);
        if (calls === 2) throw new Error('RATE_LIMITED');
      },
    });
    const first = h.sharing.share(request(), h.execute);
    const waiting = [h.sharing.share(request(), h.execute), h.sharing.share(request(), h.execute)];
    selfRead(h.verdict());
    h.release(answer('{"data":{}}'));
    await first;
    await h.drain(answer('{"errors":[{"message":"Too many requests"}]}'));
    await Promise.all(waiting);
    expect(admitted).toEqual(['citizen-1', 'citizen-1']);
    expect(h.shared()).toBe(1);
    expect(h.runs()).toBe(2);
  });

  it('only-json-posts-shared: GET requests and batched bodies always run on their own', async () => {
    const h = harness();
    const gets = [h.sharing.share(request({ method: 'GET' }), h.execute), h.sharing.share(request({ method: 'GET' }), h.execute)];
    const batches = [h.sharing.share(request({ body: [{ query: '{ a }' }] }), h.execute), h.sharing.share(request({ body: [{ query: '{ a }' }] }), h.execute)];
    expect(h.runs()).toBe(4);
    await h.drain(answer('{"data":{}}'));
    await Promise.all([...gets, ...batches]);
    expect(h.shared()).toBe(0);
  });
});
