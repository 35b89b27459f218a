import { generateContextKeys, importContextKey, signCallerContext, verifyCallerContext } from './signing';
import { PinnedClock } from '../clock';
import type { CallerContext } from './types';

const ctx: CallerContext = { actor: { kind: 'citizen', id: 's', cpr: '1505014207', scopes: [] }, channel: 'DIGITAL_SELF_SERVICE', requestId: 'r1', at: '2026-11-26T10:30:00.000Z', today: '2026-11-26' };
const clock = new PinnedClock('2026-11-26T10:30:05Z');

describe('caller context signing', () => {
  it('round-trips through sign and verify, also with keys imported from JWK JSON', async () => {
    const keys = await generateContextKeys();
    const publicKey = await importContextKey(JSON.stringify(keys.publicJwk), 'public');
    const privateKey = await importContextKey(JSON.stringify(keys.privateJwk), 'private');
    expect(await verifyCallerContext(await signCallerContext(ctx, privateKey), publicKey, clock)).toEqual(ctx);
  });

  it('refuses a context signed by another key (a subgraph called with a forged context)', async () => {
    const gateway = await generateContextKeys();
    const attacker = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, attacker.privateKey!), gateway.publicKey, clock)).rejects.toThrow();
  });

  it('refuses an expired context', async () => {
    const keys = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, keys.privateKey!, -60), keys.publicKey, clock)).rejects.toThrow(/exp/);
  });

  it('refuses a context whose today is not the Danish date of its instant (one request, one date)', async () => {
    const keys = await generateContextKeys();
    const wrongDay = { ...ctx, today: '2026-11-27' };
    await expect(verifyCallerContext(await signCallerContext(wrongDay, keys.privateKey!), keys.publicKey, clock)).rejects.toThrow(/request time/);
  });

  it('judges the lifetime by the injected clock, not the machine\'s', async () => {
    const keys = await generateContextKeys();
    const token = await signCallerContext(ctx, keys.privateKey!);
    await expect(verifyCallerContext(token, keys.publicKey, new PinnedClock('2026-11-26T10:31:00Z'))).rejects.toThrow(/exp/);
    await expect(verifyCallerContext(token, keys.publicKey, new PinnedClock('2026-11-26T10:30:10Z'))).resolves.toEqual(ctx);
  });

  it('refuses a public key where a private one is needed', async () => {
    const keys = await generateContextKeys();
    await expect(importContextKey(JSON.stringify(keys.publicJwk), 'private')).rejects.toThrow(/private JWK/);
  });
});
