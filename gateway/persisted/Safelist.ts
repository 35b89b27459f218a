import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One registered operation, in the manifest format Apollo's tooling writes and reads. */
export interface SafelistEntry {
  /** sha256 (hex) of `body`: what clients send as extensions.persistedQuery.sha256Hash. */
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
}

/** operations/safelist.json: written by `npm run safelist`, read by the gateway at start. */
export interface SafelistManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly version: 1;
  readonly operations: readonly SafelistEntry[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The operations the frontends registered, by document hash. In safelist mode these are the
 * only operations the gateway runs, and they double as the persisted-query store: a client may
 * send only the hash.
 */
export class Safelist {
  private readonly bodies: ReadonlyMap<string, string>;

  constructor(manifest: SafelistManifest) {
    if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
      throw new Error('Safelist: the manifest must be { format: "apollo-persisted-query-manifest", version: 1, operations: [...] }; run npm run safelist');
    }
    const bodies = new Map<string, string>();
    for (const operation of manifest.operations) {
      if (sha256Hex(operation.body) !== operation.id) {
        throw new Error(`Safelist: operation ${operation.name}'s id is not the sha256 of its body; rebuild the manifest with npm run safelist`);
      }
      bodies.set(operation.id, operation.body);
    }
    this.bodies = bodies;
  }

  get size(): number {
    return this.bodies.size;
  }

  has(hash: string): boolean {
    return this.bodies.has(hash);
  }

  body(hash: string): string | undefined {
    return this.bodies.get(hash);
  }
}

/** Reads and checks a manifest file; a missing or malformed file fails the start, naming the path. */
export function readSafelist(file: string): Safelist {
  let manifest: SafelistManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as SafelistManifest;
  } catch (error) {
    throw new Error(`cannot read the safelist manifest ${file} (GATEWAY_SAFELIST_PATH): ${(error as Error).message}`);
  }
  return new Safelist(manifest);
}
