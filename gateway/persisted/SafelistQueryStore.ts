import type { Safelist } from './Safelist';

/**
 * The persisted-query store in safelist mode: a hash-only request finds its registered
 * operation here; nothing can be registered at run time.
 */
export class SafelistQueryStore {
  constructor(private readonly safelist: Safelist) {}

  /** Apollo Server asks for "apq:<sha256>" (it prefixes every persisted-query key). */
  async get(key: string): Promise<string | undefined> {
    return this.safelist.body(key.replace(/^apq:/, ''));
  }

  async set(): Promise<void> {}

  async delete(): Promise<boolean> {
    return false;
  }
}
