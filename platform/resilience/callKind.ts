/**
 * Whether a legacy call only reads ('read': safe to send again) or may change something
 * ('write': never sent twice by us, since the legacy system may have applied it).
 */
export type CallKind = 'read' | 'write';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller's word if given; otherwise GET, HEAD and OPTIONS read and every other method writes. */
export function callKindOf(method: string | undefined, declared?: CallKind): CallKind {
  if (declared !== undefined) {
    if (declared !== 'read' && declared !== 'write') throw new Error(`LegacyHttp.request: kind must be 'read' or 'write', got ${JSON.stringify(declared)}`);
    return declared;
  }
  return READ_METHODS.has((method ?? 'GET').toUpperCase()) ? 'read' : 'write';
}
