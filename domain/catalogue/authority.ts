import { AUTHORITY_KINDS, type AuthorityKind } from './catalogue';

/**
 * A concrete authority: "municipality:0751" (a municipality by its four-digit code),
 * "agency:tax", "udbetaling-danmark". Caseworker tokens and exemptions name authorities this way.
 */
export function authorityKindOf(authority: string): AuthorityKind | undefined {
  if (/^municipality:\d{4}$/.test(authority)) return 'municipality';
  return AUTHORITY_KINDS.includes(authority as AuthorityKind) && authority !== 'municipality' ? (authority as AuthorityKind) : undefined;
}

export function isAuthority(authority: string): boolean {
  return authorityKindOf(authority) !== undefined;
}

/** The municipality code of "municipality:0751", else undefined. */
export function municipalityCodeOf(authority: string | undefined): string | undefined {
  const match = /^municipality:(\d{4})$/.exec(authority ?? '');
  return match?.[1];
}

/** How messages name an authority: "Municipality 0751", "the tax agency", "Udbetaling Danmark". */
export function describeAuthority(authority: string | undefined): string {
  const code = municipalityCodeOf(authority);
  if (code) return `Municipality ${code}`;
  if (authority === 'agency:tax') return 'the tax agency';
  if (authority === 'udbetaling-danmark') return 'Udbetaling Danmark';
  return authority ?? 'an unnamed authority';
}
