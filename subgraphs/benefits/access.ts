/** Caseworker scopes, delegation grants and the access log name this domain. */
export const BENEFITS_DOMAIN = 'benefits';
