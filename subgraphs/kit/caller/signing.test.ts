import { generateContextKeys, importContextKey, signCallerContext, verifyCallerContext } from './signing';
import type { CallerContext } from './types';

const ctx: CallerContext = { actor: { kind: 'citizen', id: 's', cpr: '1505014207', scopes: [] }, channel: 'DIGITAL_SELF_SERVICE', requestId: 'r1' };

describe('caller context signing', () => {
  it('round-trips through sign and verify, also with keys imported from JWK JSON', async () => {
    const keys = await generateContextKeys();
    const publicKey = await importContextKey(JSON.stringify(keys.publicJwk), 'public');
    const privateKey = await importContextKey(JSON.stringify(keys.privateJwk), 'private');
    expect(await verifyCallerContext(await signCallerContext(ctx, privateKey), publicKey)).toEqual(ctx);
  });

  it('refuses a context signed by another key (a subgraph called with a forged context)', async () => {
    const gateway = await generateContextKeys();
    const attacker = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, attacker.privateKey!), gateway.publicKey)).rejects.toThrow();
  });

  it('refuses an expired context', async () => {
    const keys = await generateContextKeys();
    await expect(verifyCallerContext(await signCallerContext(ctx, keys.privateKey!, -60), keys.publicKey)).rejects.toThrow(/exp/);
  });

  it('refuses a public key where a private one is needed', async () => {
    const keys = await generateContextKeys();
    await expect(importContextKey(JSON.stringify(keys.publicJwk), 'private')).rejects.toThrow(/private JWK/);
  });
});
