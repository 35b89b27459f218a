import type { EnvReader } from '../platform/env';
import { refuseDevIssuerUnlessAllowed } from './identity/devIssuerAllowed';

export type TokenIssuerChoice = { readonly kind: 'oidc'; readonly issuer: string } | { readonly kind: 'development' };

/**
 * Which issuer the gateway trusts: OIDC_ISSUER, or the development issuer only when asked for by
 * name (GATEWAY_DEV_ISSUER=true) and NODE_ENV allows it (devIssuerAllowed). Neither, or both, is a
 * startup error: a missing setting must never fall back to demo identities.
 */
export function chooseTokenIssuer(env: EnvReader): TokenIssuerChoice {
  const issuer = env.optional('OIDC_ISSUER');
  const devIssuer = env.boolean('GATEWAY_DEV_ISSUER', false);
  if (issuer && devIssuer) throw new Error('both OIDC_ISSUER and GATEWAY_DEV_ISSUER=true are set; choose one token issuer');
  if (issuer) return { kind: 'oidc', issuer };
  if (!devIssuer) {
    throw new Error(
      'no token issuer configured: set OIDC_ISSUER (with OIDC_AUDIENCE and OIDC_JWKS_URL) for a real identity provider, ' +
        'or GATEWAY_DEV_ISSUER=true for the development issuer (demo personas; refused unless NODE_ENV is unset, development or test)',
    );
  }
  refuseDevIssuerUnlessAllowed(env.optional('NODE_ENV'), 'GATEWAY_DEV_ISSUER=true');
  return { kind: 'development' };
}
