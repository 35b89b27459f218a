import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../platform/clock';
import { MAX_CONTEXT_TTL_SECONDS, type VerifiedContext } from './signing';

interface Entry {
  readonly verified: VerifiedContext;
  readonly audience: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/**
 * Caller contexts one subgraph has verified, by the token string, for their short life: a
 * request's several fetches to one subgraph verify its signature once. Only what passed every
 * check is kept, and a hit is judged again by the injected clock exactly as jose judges a token
 * (expired at exp, refused before iat or older than MAX_CONTEXT_TTL_SECONDS). The request-id check
 * is the caller's, on every call (verifiedCaller).
 */
export class VerifiedContextCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`VerifiedContextCache: maxEntries must be a positive integer, got ${maxEntries}`);
    // The LRU's own ttl (machine time) only bounds memory; validity is the clock's to decide, below.
    this.entries = new LRUCache({ max: maxEntries, ttl: MAX_CONTEXT_TTL_SECONDS * 1000 });
  }

  /** The verified context of a token seen before for this audience, while the clock says it lives; else undefined. */
  get(token: string, audience: string, clock: Clock): VerifiedContext | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const now = Math.floor(clock.now().getTime() / 1000);
    if (entry.audience !== audience || now >= entry.expiresAt || now < entry.issuedAt || now - entry.issuedAt > MAX_CONTEXT_TTL_SECONDS) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.verified;
  }

  /** Keeps a context verifyCallerContext has just accepted for this audience. */
  set(token: string, audience: string, verified: VerifiedContext): void {
    const { iat, exp } = decodeJwt(token);
    if (typeof iat !== 'number' || typeof exp !== 'number') return;
    this.entries.set(token, { verified, audience, issuedAt: iat, expiresAt: exp });
  }

  get size(): number {
    return this.entries.size;
  }
}
