/**
 * The development token issuer signs tokens for demo personas with a key on local disk: it may run
 * only where NODE_ENV says, in so many words, that this is not a real deployment. Allowed: NODE_ENV
 * unset or empty, "development" or "test" (any case, surrounding spaces ignored). Everything else is
 * refused: "production", "Production", "prod", "staging", "stage", and any name we do not know, as a
 * misspelt or new environment name must not quietly hand out identities.
 */
const DEV_ISSUER_NODE_ENVS: readonly string[] = ['', 'development', 'test'];

export function devIssuerAllowed(nodeEnv: string | undefined): boolean {
  return DEV_ISSUER_NODE_ENVS.includes((nodeEnv ?? '').trim().toLowerCase());
}

/** Throws, naming NODE_ENV's value and what to do instead, unless devIssuerAllowed(nodeEnv). */
export function refuseDevIssuerUnlessAllowed(nodeEnv: string | undefined, where: string): void {
  if (devIssuerAllowed(nodeEnv)) return;
  throw new Error(
    `${where}: the development token issuer is refused under NODE_ENV="${nodeEnv}" (only unset, "development" or "test" allow it); ` +
      'configure OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL for a real identity provider',
  );
}
