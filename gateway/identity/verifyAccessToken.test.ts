import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { PinnedClock } from '../../platform/clock';
import { createTokenVerifier, REVERIFY_AFTER_SECONDS } from './verifyAccessToken';

// Tokens are minted and judged by one pinned clock, not the machine's.
const clock = new PinnedClock('2026-11-26T10:00:00Z');
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const sign = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; expInSeconds?: number; key?: unknown } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(opts.iss ?? 'https://idp')
      .setAudience(opts.aud ?? 'graph')
      .setSubject('s1')
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + (opts.expInSeconds ?? 300))
      .sign((opts.key ?? privateKey) as never);
  return { jwks, sign };
}

describe('createTokenVerifier', () => {
  it('reads a citizen from `nin` and a caseworker from role, authority and scope', async () => {
    const { jwks, sign } = await issuer();
    const verify = createTokenVerifier({ jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock });
    await expect(verify(await sign({ nin: '1203382258' }))).resolves.toMatchObject({ kind: 'citizen', cpr: '1203382258' });
    await expect(verify(await sign({ role: 'caseworker', authority: 'municipality:0751', scope: 'housing:read housing:assist' }))).resolves.toMatchObject({
      kind: 'caseworker',
      authority: 'municipality:0751',
      scopes: ['housing:read', 'housing:assist'],
    });
  });

  it.each([
    [
      'forged-token (signed by another key)',
      async (s: Awaited<ReturnType<typeof issuer>>) => s.sign({ nin: '1203382258' }, { key: (await generateKeyPair('ES256')).privateKey }),
    ],
    ['expired-token', async (s: Awaited<ReturnType<typeof issuer>>) => s.sign({ nin: '1203382258' }, { expInSeconds: -120 })],
    ['wrong-audience', async (s: Awaited<ReturnType<typeof issuer>>) => s.sign({ nin: '1203382258' }, { aud: 'other' })],
    ['wrong-issuer', async (s: Awaited<ReturnType<typeof issuer>>) => s.sign({ nin: '1203382258' }, { iss: 'https://evil' })],
    [
      'alg-none',
      async () =>
        new UnsecuredJWT({ nin: '1203382258', sub: 's1' })
          .setIssuer('https://idp')
          .setAudience('graph')
          .setExpirationTime(nowSeconds() + 300)
          .encode(),
    ],
    ['citizen without a valid nin', async (s: Awaited<ReturnType<typeof issuer>>) => s.sign({ nin: '3102801234' })],
  ])('%s is UNAUTHENTICATED', async (_name, make) => {
    const s = await issuer();
    const verify = createTokenVerifier({ jwks: s.jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock });
    await expect(verify(await make(s))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  describe('verified tokens kept for their life', () => {
    /** A JWKS that counts how often a signature is checked against it. */
    async function counting() {
      const s = await issuer();
      let lookups = 0;
      const jwks = ((...args: Parameters<typeof s.jwks>) => {
        lookups++;
        return s.jwks(...args);
      }) as typeof s.jwks;
      return { ...s, jwks, lookups: () => lookups };
    }

    it('token-cache-hit-skips-verify: the same token again is not checked against the JWKS again, and gives the same actor', async () => {
      const s = await counting();
      const verify = createTokenVerifier({ jwks: s.jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock });
      const token = await s.sign({ nin: '1203382258' });
      const first = await verify(token);
      await expect(verify(token)).resolves.toEqual(first);
      await expect(verify(token)).resolves.toEqual(first);
      expect(s.lookups()).toBe(1);
      await verify(await s.sign({ nin: '1203382258', name: 'another token' }));
      expect(s.lookups()).toBe(2);
    });

    it('token-cache-expiry-by-clock: a kept token past its expiry (and the tolerance) by the clock is refused as expired', async () => {
      const local = new PinnedClock('2026-11-26T10:00:00Z');
      const s = await counting();
      const verify = createTokenVerifier({
        jwks: s.jwks,
        issuer: 'https://idp',
        audience: 'graph',
        algorithms: ['ES256'],
        clock: local,
        clockToleranceSeconds: 30,
      });
      const token = await s.sign({ nin: '1203382258' }, { expInSeconds: 60 });
      await verify(token);
      local.advance(80_000);
      await expect(verify(token)).resolves.toMatchObject({ kind: 'citizen' });
      local.advance(20_000);
      await expect(verify(token)).rejects.toMatchObject({ message: 'The access token has expired.', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('token-cache-reverify: after REVERIFY_AFTER_SECONDS a kept token is checked against the JWKS again, so a withdrawn key stops working', async () => {
      const local = new PinnedClock('2026-11-26T10:00:00Z');
      const s = await counting();
      let withdrawn = false;
      const jwks = ((...args: Parameters<typeof s.jwks>) => {
        if (withdrawn) throw new Error('no such key');
        return s.jwks(...args);
      }) as typeof s.jwks;
      const verify = createTokenVerifier({ jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock: local });
      const token = await s.sign({ nin: '1203382258' }, { expInSeconds: 3600 });
      await verify(token);
      withdrawn = true;
      local.advance((REVERIFY_AFTER_SECONDS - 1) * 1000);
      await expect(verify(token)).resolves.toMatchObject({ kind: 'citizen' });
      local.advance(2_000);
      await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('token-cache-refusals-not-kept: a refused token is checked again each time; verifiedTokens 0 keeps none', async () => {
      const s = await counting();
      const verify = createTokenVerifier({ jwks: s.jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock });
      const wrongAudience = await s.sign({ nin: '1203382258' }, { aud: 'other' });
      await expect(verify(wrongAudience)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await expect(verify(wrongAudience)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(s.lookups()).toBe(2);
      const uncached = createTokenVerifier({ jwks: s.jwks, issuer: 'https://idp', audience: 'graph', algorithms: ['ES256'], clock, verifiedTokens: 0 });
      const token = await s.sign({ nin: '1203382258' });
      await uncached(token);
      await uncached(token);
      expect(s.lookups()).toBe(4);
    });
  });

  it('refuses to be configured with alg none', () => {
    expect(() => createTokenVerifier({ jwks: (() => {}) as never, issuer: 'i', audience: 'a', algorithms: ['none'], clock })).toThrow(/algorithms/);
  });
});
