import { HeaderMap } from '@apollo/server';
import { PinnedClock } from '../../platform/clock';
import {
  acceptBenchStaticContexts,
  BENCH_STATIC_CONTEXTS_FLAG,
  generateBenchContextKeys,
  isBenchStaticContext,
  signBenchStaticContext,
  stopAcceptingBenchStaticContexts,
} from './benchStaticContext';
import { generateContextKeys, verifyCallerContext } from './signing';
import type { CallerContext } from './types';
import { verifiedCaller } from './verifiedCaller';

const ctx: CallerContext = {
  actor: { kind: 'caseworker', id: 'cw', authority: 'municipality:0751', scopes: ['citizen:read'] },
  channel: 'ASSISTED',
  requestId: 'bench-static',
  at: '2026-11-26T10:30:00.000Z',
  today: '2026-11-26',
};
const clock = new PinnedClock('2026-11-26T10:40:00Z');
const benchEnv = { [BENCH_STATIC_CONTEXTS_FLAG]: '1' };
const call = (token: string) => ({ headers: new HeaderMap([['x-caller-context', token]]), requestId: 'another-request' });

describe('bench static caller contexts (npm run bench only)', () => {
  afterEach(() => stopAcceptingBenchStaticContexts());

  it('bench-context-refused-in-production: turning them on is refused with NODE_ENV=production, and without the explicit bench flag', async () => {
    const bench = await generateBenchContextKeys();
    expect(() => acceptBenchStaticContexts(bench.publicKey, { ...benchEnv, NODE_ENV: 'production' })).toThrow(/production/);
    expect(() => acceptBenchStaticContexts(bench.publicKey, {})).toThrow(new RegExp(BENCH_STATIC_CONTEXTS_FLAG));
  });

  it('bench-context-off-by-default: a process that did not turn them on refuses a bench context like any unknown token', async () => {
    const bench = await generateBenchContextKeys();
    const gateway = await generateContextKeys();
    const token = await signBenchStaticContext(ctx, bench.privateKey, { audience: 'housing', operation: 'query' }, 3600);
    expect(isBenchStaticContext(token)).toBe(false);
    await expect(verifyCallerContext(token, gateway.publicKey, clock, 'housing')).rejects.toThrow();
    await expect(verifiedCaller(call(token), { publicKey: gateway.publicKey, clock, audience: 'housing' })).rejects.toThrow();
  });

  it('bench-context-accepted-when-on: long-lived and on any request, but still bound to its audience and signed by the bench key', async () => {
    const bench = await generateBenchContextKeys();
    const gateway = await generateContextKeys();
    const other = await generateBenchContextKeys();
    acceptBenchStaticContexts(bench.publicKey, benchEnv);
    const token = await signBenchStaticContext(ctx, bench.privateKey, { audience: 'housing', operation: 'query' }, 3600);
    const check = { publicKey: gateway.publicKey, clock, audience: 'housing' };
    expect(await verifiedCaller(call(token), check)).toEqual({ caller: ctx, token, operation: 'query' });
    // again, from the bench module's memo
    expect(await verifiedCaller(call(token), check)).toEqual({ caller: ctx, token, operation: 'query' });
    await expect(verifiedCaller(call(token), { ...check, audience: 'benefits' })).rejects.toThrow();
    const forged = await signBenchStaticContext(ctx, other.privateKey, { audience: 'housing', operation: 'query' }, 3600);
    await expect(verifiedCaller(call(forged), check)).rejects.toThrow();
    const expired = await signBenchStaticContext(ctx, bench.privateKey, { audience: 'housing', operation: 'query' }, 60);
    await expect(verifiedCaller(call(expired), check)).rejects.toThrow();
    await expect(signBenchStaticContext(ctx, bench.privateKey, { audience: 'housing', operation: 'query' }, 3 * 3600)).rejects.toThrow(/at most/);
  });
});
