import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface CacheKeyMaterial {
  /** Identifies the key, so entries written under an older key can be told apart after rotation. */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

/**
 * Protects cached personal data at rest: cache keys are keyed hashes (HMAC-SHA256), never a
 * CPR number; values are AES-256-GCM with the key id in front, so keys can be rotated
 * (decryption tries the current key and any listed previous keys). Each value is bound to the
 * cache key it was written under (GCM associated data): copied onto another key, it no longer
 * decrypts, so one citizen's entry can never be served as another's.
 */
export class CacheCipher {
  private readonly current: CacheKeyMaterial;
  private readonly byId: Map<string, Buffer>;
  private readonly hashKey: Buffer;

  /** hashSecret keys the HMAC of cache keys; keep it stable across encryption-key rotations. */
  constructor(current: CacheKeyMaterial, previous: readonly CacheKeyMaterial[] = [], hashSecret: Buffer = current.key) {
    for (const material of [current, ...previous]) {
      if (material.key.length !== 32) throw new Error(`CacheCipher: key "${material.id}" must be 32 bytes (AES-256), got ${material.key.length}`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(material.id)) throw new Error(`CacheCipher: key id must be 1-32 letters, digits, _ or -, got "${material.id}"`);
    }
    this.current = current;
    this.byId = new Map([current, ...previous].map((m) => [m.id, m.key]));
    if (hashSecret.length < 16) throw new Error('CacheCipher: the key-hashing secret must be at least 16 bytes');
    this.hashKey = createHmac('sha256', hashSecret).update('citizen-graph cache key hashing').digest();
  }

  /** A fresh random key, for the embedded default (entries do not outlive the process anyway). */
  static ephemeral(): CacheCipher {
    return new CacheCipher({ id: `eph${randomBytes(3).toString('hex')}`, key: randomBytes(32) });
  }

  /** Parses "id:base64key[,id:base64key...]": the first is current, the rest previous. */
  static fromConfig(text: string, hashSecret?: string): CacheCipher {
    const materials = text.split(',').map((part) => {
      const [id, encoded] = part.trim().split(':');
      if (!id || !encoded) throw new Error('CACHE_ENCRYPTION_KEYS must look like "k1:<base64 of 32 bytes>[,k0:<older key>]"');
      return { id, key: Buffer.from(encoded, 'base64') };
    });
    return new CacheCipher(materials[0], materials.slice(1), hashSecret ? Buffer.from(hashSecret, 'utf8') : undefined);
  }

  hashKeyPart(text: string): string {
    return createHmac('sha256', this.hashKey).update(text).digest('base64url').slice(0, 32);
  }

  /** boundTo: the cache key the value is stored under; decrypt() must be given the same. */
  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${this.current.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Null when the entry was written under an unknown key, for another cache key, or was tampered with: treat as a miss. */
  decrypt(token: string, boundTo: string): string | null {
    const dot = token.indexOf('.');
    const key = this.byId.get(token.slice(0, dot));
    if (dot < 0 || !key) return null;
    try {
      const raw = Buffer.from(token.slice(dot + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
