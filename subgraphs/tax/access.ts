import type { Domain } from '../../domain';

/** Caseworker scopes, delegation grants and the access log name this domain. */
export const TAX_DOMAIN: Domain = 'tax';
