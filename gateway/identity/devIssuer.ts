import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { PersonaEntry } from '../../personas';
import { type Clock, epochSeconds } from '../../platform/clock';

export const DEV_ISSUER = 'https://dev-issuer.citizen-graph.invalid';
export const DEV_AUDIENCE = 'citizen-graph';
export const DEV_ALGORITHM = 'ES256';

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: ReturnType<typeof createLocalJWKSet>;
  /** A token for a demo persona, valid for ttlSeconds. */
  mint(persona: PersonaEntry, ttlSeconds?: number): Promise<string>;
}

/**
 * The development issuer: signs tokens for the demo personas with a key kept under the data
 * folder, so `npm run token` and a running `npm start` agree. Never in production.
 */
export async function loadDevIssuer(dataDir: string, production: boolean, clock: Clock): Promise<DevIssuer> {
  if (production) throw new Error('the development issuer is disabled when NODE_ENV=production; configure OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL');
  const file = path.join(dataDir, 'dev-issuer-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `dev-${epochSeconds(clock).toString(36)}`, alg: DEV_ALGORITHM };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, DEV_ALGORITHM);
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks: createLocalJWKSet({ keys: [publicJwk] }),
    async mint(persona, ttlSeconds = 8 * 3600) {
      const issuedAt = epochSeconds(clock);
      const claims: Record<string, unknown> = { name: persona.name, role: persona.kind };
      if (persona.kind === 'citizen') claims.nin = persona.cpr;
      else {
        claims.authority = persona.authority;
        claims.scope = (persona.scopes ?? []).join(' ');
      }
      return new SignJWT(claims)
        .setProtectedHeader({ alg: DEV_ALGORITHM, kid: privateJwk.kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(`persona:${persona.id}`)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(privateKey);
    },
  };
}
