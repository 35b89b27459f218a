import { HeaderMap } from '@apollo/server';
import { PinnedClock } from '../../platform/clock';
import { CALLER_CONTEXT_HEADER, generateContextKeys, signCallerContext } from './signing';
import type { CallerContext } from './types';
import { verifiedCaller } from './verifiedCaller';
import { VerifiedContextCache } from './VerifiedContextCache';

const ctx: CallerContext = {
  actor: { kind: 'citizen', id: 's', cpr: '1505014207', scopes: [] },
  channel: 'DIGITAL_SELF_SERVICE',
  requestId: 'r1',
  at: '2026-11-26T10:30:00.000Z',
  today: '2026-11-26',
};

/** A subgraph keeps the contexts it verified for their short life; every rule still holds on a hit. */
describe('verified caller contexts, cached', () => {
  const call = (token: string, requestId = 'r1') => ({ headers: new HeaderMap([[CALLER_CONTEXT_HEADER, token]]), requestId });

  async function setUp() {
    const keys = await generateContextKeys();
    const clock = new PinnedClock('2026-11-26T10:30:01Z');
    const cache = new VerifiedContextCache();
    const token = await signCallerContext(ctx, keys.privateKey!, { audience: 'tax', operation: 'query' });
    return { keys, clock, cache, token, check: { publicKey: keys.publicKey, clock, audience: 'tax', cache } };
  }

  it('context-cache-hit: a second call with the same context is served from the cache with the same answer', async () => {
    const { cache, token, check } = await setUp();
    const first = await verifiedCaller(call(token), check);
    expect(cache.size).toBe(1);
    // Another key now: a hit must not need the signature checked again.
    await expect(verifiedCaller(call(token), { ...check, publicKey: (await generateContextKeys()).publicKey })).resolves.toEqual(first);
  });

  it('context-cache-request-id: a cached context is still refused on another request', async () => {
    const { token, check } = await setUp();
    await verifiedCaller(call(token), check);
    await expect(verifiedCaller(call(token, 'r2'), check)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('context-cache-expiry: a cached context is refused once the injected clock passes its expiry', async () => {
    const { clock, cache, token, check } = await setUp();
    await verifiedCaller(call(token), check);
    clock.set('2026-11-26T10:30:10Z');
    await expect(verifiedCaller(call(token), check)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(cache.size).toBe(0);
  });

  it('context-cache-before-issue: a cached context is refused when the clock reads before it was issued', async () => {
    const { clock, token, check } = await setUp();
    await verifiedCaller(call(token), check);
    clock.set('2026-11-26T10:29:59Z');
    await expect(verifiedCaller(call(token), check)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('context-cache-audience: a context cached for tax is refused for housing sharing the cache', async () => {
    const { token, check } = await setUp();
    await verifiedCaller(call(token), check);
    await expect(verifiedCaller(call(token), { ...check, audience: 'housing' })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('context-cache-refusals-not-kept: a forged context is not cached', async () => {
    const { cache, check } = await setUp();
    const forged = await signCallerContext(ctx, (await generateContextKeys()).privateKey!, { audience: 'tax', operation: 'query' });
    await expect(verifiedCaller(call(forged), check)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(cache.size).toBe(0);
  });
});
