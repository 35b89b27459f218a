import { PinnedClock } from '../../platform/clock';
import { generateContextKeys, importContextKey, MAX_CONTEXT_TTL_SECONDS, signCallerContext, verifyCallerContext } from './signing';
import type { CallerContext, ContextBinding } from './types';

const ctx: CallerContext = {
  actor: { kind: 'citizen', id: 's', cpr: '1505014207', scopes: [] },
  channel: 'DIGITAL_SELF_SERVICE',
  requestId: 'r1',
  at: '2026-11-26T10:30:00.000Z',
  today: '2026-11-26',
};
const clock = new PinnedClock('2026-11-26T10:30:05Z');
const forTax: ContextBinding = { audience: 'tax', operation: 'query' };

describe('caller context signing', () => {
  it('round-trips through sign and verify, also with keys imported from JWK JSON, with the binding it was minted for', async () => {
    const keys = await generateContextKeys();
    const publicKey = await importContextKey(JSON.stringify(keys.publicJwk), 'public');
    const privateKey = await importContextKey(JSON.stringify(keys.privateJwk), 'private');
    expect(await verifyCallerContext(await signCallerContext(ctx, privateKey, forTax), publicKey, clock, 'tax')).toEqual({ caller: ctx, operation: 'query' });
  });

  it('refuses a context signed by another key (a subgraph called with a forged context)', async () => {
    const gateway = await generateContextKeys();
    const attacker = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, attacker.privateKey!, forTax), gateway.publicKey, clock, 'tax')).rejects.toThrow();
  });

  it('context-replayed-on-another-subgraph: a context minted for tax is refused by housing', async () => {
    const keys = await generateContextKeys();
    const token = await signCallerContext(ctx, keys.privateKey!, forTax);
    await expect(verifyCallerContext(token, keys.publicKey, clock, 'housing')).rejects.toThrow(/aud/);
  });

  it('refuses an expired context', async () => {
    const keys = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, keys.privateKey!, forTax, -60), keys.publicKey, clock, 'tax')).rejects.toThrow(/exp/);
  });

  it('context-outlives-request: no context may be minted for longer than one request', async () => {
    const keys = await generateContextKeys();
    await expect(signCallerContext(ctx, keys.privateKey!, forTax, 30)).rejects.toThrow(/at most/);
    expect(MAX_CONTEXT_TTL_SECONDS).toBeLessThanOrEqual(15);
  });

  it('refuses a context whose today is not the Danish date of its instant (one request, one date)', async () => {
    const keys = await generateContextKeys();
    const wrongDay = { ...ctx, today: '2026-11-27' };
    await expect(verifyCallerContext(await signCallerContext(wrongDay, keys.privateKey!, forTax), keys.publicKey, clock, 'tax')).rejects.toThrow(
      /request time/,
    );
  });

  it("judges the lifetime by the injected clock, not the machine's", async () => {
    const keys = await generateContextKeys();
    const token = await signCallerContext(ctx, keys.privateKey!, forTax);
    await expect(verifyCallerContext(token, keys.publicKey, new PinnedClock('2026-11-26T10:31:00Z'), 'tax')).rejects.toThrow(/exp/);
    await expect(verifyCallerContext(token, keys.publicKey, new PinnedClock('2026-11-26T10:30:08Z'), 'tax')).resolves.toMatchObject({ caller: ctx });
  });

  it('refuses a public key where a private one is needed', async () => {
    const keys = await generateContextKeys();
    await expect(importContextKey(JSON.stringify(keys.publicJwk), 'private')).rejects.toThrow(/private JWK/);
  });
});
