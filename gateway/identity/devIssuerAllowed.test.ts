import { devIssuerAllowed, refuseDevIssuerUnlessAllowed } from './devIssuerAllowed';

describe('devIssuerAllowed', () => {
  it.each([undefined, '', 'development', 'test', 'Development', 'TEST', ' test '])('dev-issuer-opt-in: allows NODE_ENV=%p (not a deployment)', (nodeEnv) => {
    expect(devIssuerAllowed(nodeEnv)).toBe(true);
  });

  it.each([
    'production',
    'Production',
    'PRODUCTION',
    'prod',
    'Prod',
    'staging',
    'Staging',
    'stage',
    ' production ',
    'qa',
    'preprod',
    'dev',
    'developement',
    'production-eu',
  ])('dev-issuer-opt-in: refuses NODE_ENV=%p (production-like or unknown)', (nodeEnv) => {
    expect(devIssuerAllowed(nodeEnv)).toBe(false);
  });

  it("the refusal names NODE_ENV's value and the OIDC variables to set instead", () => {
    expect(() => refuseDevIssuerUnlessAllowed('Staging', 'gateway')).toThrow(/gateway: .*NODE_ENV="Staging".*OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL/);
    expect(() => refuseDevIssuerUnlessAllowed('test', 'gateway')).not.toThrow();
  });
});
