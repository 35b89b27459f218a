import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { PinnedClock } from '../../platform/clock';
import { createTokenVerifier } from './verifyAccessToken';

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

  it('refuses to be configured with alg none', () => {
    expect(() => createTokenVerifier({ jwks: (() => {}) as never, issuer: 'i', audience: 'a', algorithms: ['none'], clock })).toThrow(/algorithms/);
  });
});
