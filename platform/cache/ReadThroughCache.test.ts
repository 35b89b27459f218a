import { CacheCipher } from './CacheCipher';
import { CacheMetrics } from './CacheMetrics';
import type { CacheStore } from './CacheStore';
import { FreshnessReport } from './FreshnessReport';
import { MemoryCacheStore } from './MemoryCacheStore';
import { ReadThroughCache } from './ReadThroughCache';

/** A store that records what it is asked, to assert round trips exactly. */
class RecordingStore implements CacheStore {
  readonly available = true;
  readonly ops: string[] = [];
  readonly inner = new MemoryCacheStore();
  readonly raw = new Map<string, string>();
  async mget(keys: readonly string[]) {
    this.ops.push(`mget ${keys.length}`);
    return this.inner.mget(keys);
  }
  async mset(entries: readonly { key: string; value: string; ttlMs: number }[]) {
    this.ops.push(`mset ${entries.length}`);
    for (const e of entries) this.raw.set(e.key, e.value);
    return this.inner.mset(entries);
  }
  async del(keys: readonly string[]) {
    this.ops.push(`del ${keys.length}`);
    return this.inner.del(keys);
  }
  async close() {}
}

function setup(now = { t: 1_000_000 }) {
  const store = new RecordingStore();
  const cache = new ReadThroughCache({
    store,
    cipher: CacheCipher.ephemeral(),
    metrics: new CacheMetrics(),
    now: () => now.t,
    policy: () => ({ ttlMs: 1000, negativeTtlMs: 100, staleIfErrorMs: 5000 }),
  });
  const legacyCalls: string[][] = [];
  let failing = false;
  const fetchMany = async (keys: readonly string[]) => {
    legacyCalls.push([...keys]);
    if (failing) throw new Error('legacy down');
    return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, { name: `name of ${k}` }]));
  };
  return {
    store,
    cache,
    legacyCalls,
    fetchMany,
    now,
    fail: (v: boolean) => {
      failing = v;
    },
  };
}

describe('ReadThroughCache', () => {
  it('does one MGET, one batched legacy call for the misses, one pipelined SET', async () => {
    const { cache, store, legacyCalls, fetchMany } = setup();
    expect(await cache.load('cpr', 'person', ['a', 'b', 'missing'], fetchMany)).toEqual([{ name: 'name of a' }, { name: 'name of b' }, null]);
    expect(store.ops).toEqual(['mget 3', 'mset 3']);
    expect(legacyCalls).toEqual([['a', 'b', 'missing']]);

    expect(await cache.load('cpr', 'person', ['a', 'c'], fetchMany)).toEqual([{ name: 'name of a' }, { name: 'name of c' }]);
    expect(legacyCalls).toEqual([['a', 'b', 'missing'], ['c']]);
    expect(cache.metrics.snapshot().cpr).toMatchObject({ hits: 1, misses: 4, legacyCalls: 2 });
  });

  it('remembers "not found" only for the negative TTL', async () => {
    const { cache, legacyCalls, fetchMany, now } = setup();
    await cache.load('cpr', 'person', ['missing'], fetchMany);
    await cache.load('cpr', 'person', ['missing'], fetchMany);
    expect(legacyCalls).toHaveLength(1);
    now.t += 101;
    await cache.load('cpr', 'person', ['missing'], fetchMany);
    expect(legacyCalls).toHaveLength(2);
  });

  it('shares one legacy call between concurrent loads of the same missing key', async () => {
    const { cache, legacyCalls, fetchMany } = setup();
    const [first, second] = await Promise.all([cache.load('cpr', 'person', ['a', 'b'], fetchMany), cache.load('cpr', 'person', ['b'], fetchMany)]);
    expect(first).toEqual([{ name: 'name of a' }, { name: 'name of b' }]);
    expect(second).toEqual([{ name: 'name of b' }]);
    expect(legacyCalls).toEqual([['a', 'b']]);
  });

  it('serves an expired entry within the stale window when the legacy system fails, and reports it', async () => {
    const { cache, fetchMany, now, fail } = setup();
    await cache.load('tax', 'assessment', ['a'], fetchMany);
    now.t += 3000;
    fail(true);
    const report = new FreshnessReport();
    const [value, other] = await cache.load('tax', 'assessment', ['a', 'never-cached'], fetchMany, report);
    expect(value).toEqual({ name: 'name of a' });
    expect(other).toBeInstanceOf(Error);
    expect(report.list()).toEqual([{ legacySystem: 'tax', kind: 'assessment', ageSeconds: 3 }]);
    now.t += 5000;
    const [tooOld] = await cache.load('tax', 'assessment', ['a'], fetchMany, report);
    expect(tooOld).toBeInstanceOf(Error);
  });

  it('invalidates so the next read goes to the legacy system', async () => {
    const { cache, legacyCalls, fetchMany } = setup();
    await cache.load('housing', 'benefit', ['a'], fetchMany);
    await cache.invalidate('housing', 'benefit', ['a']);
    await cache.load('housing', 'benefit', ['a'], fetchMany);
    expect(legacyCalls).toEqual([['a'], ['a']]);
  });

  it('stores neither the key nor the value in the clear', async () => {
    const { cache, store, fetchMany } = setup();
    await cache.load('cpr', 'person', ['1203382258'], fetchMany);
    const [[key, value]] = [...store.raw];
    expect(key).not.toContain('1203382258');
    expect(value).not.toContain('1203382258');
    expect(value).not.toContain('name of');
    expect(key).toMatch(/^cg:v2:\{cpr:person\}:[A-Za-z0-9_-]{32}$/);
  });

  it("cache-value-bound-to-key: a value copied onto another citizen's key is a miss, counted unreadable, never served", async () => {
    const { cache, store, legacyCalls, fetchMany } = setup();
    await cache.load('cpr', 'person', ['1203382258'], fetchMany);
    await cache.load('cpr', 'person', ['1505014207'], fetchMany);
    const [[ingridKey, ingridValue], [madsKey]] = [...store.raw];
    await store.inner.mset([{ key: madsKey, value: ingridValue, ttlMs: 60_000 }]);
    legacyCalls.length = 0;

    expect(await cache.load('cpr', 'person', ['1505014207'], fetchMany)).toEqual([{ name: 'name of 1505014207' }]);
    expect(legacyCalls).toEqual([['1505014207']]);
    expect(cache.metrics.snapshot().cpr).toMatchObject({ unreadable: 1 });
    // Ingrid's own entry, where it was written, still serves.
    expect(await cache.load('cpr', 'person', ['1203382258'], fetchMany)).toEqual([{ name: 'name of 1203382258' }]);
    expect(legacyCalls).toEqual([['1505014207']]);
    expect(ingridKey).not.toBe(madsKey);
  });
});

describe('CacheCipher', () => {
  const key = (byte: number) => Buffer.alloc(32, byte);
  it('decrypts entries written under a previous key after rotation', () => {
    const old = new CacheCipher({ id: 'k0', key: key(1) }, [], Buffer.alloc(32, 9));
    const rotated = new CacheCipher({ id: 'k1', key: key(2) }, [{ id: 'k0', key: key(1) }], Buffer.alloc(32, 9));
    const token = old.encrypt('hello', 'cg:v2:{cpr:person}:a');
    expect(token.startsWith('k0.')).toBe(true);
    expect(rotated.decrypt(token, 'cg:v2:{cpr:person}:a')).toBe('hello');
    expect(rotated.hashKeyPart('x')).toBe(old.hashKeyPart('x'));
  });
  it('treats tampered or unknown-key entries as misses', () => {
    const cipher = new CacheCipher({ id: 'k1', key: key(3) });
    const token = cipher.encrypt('secret', 'k');
    expect(cipher.decrypt(`${token.slice(0, -4)}AAAA`, 'k')).toBeNull();
    expect(new CacheCipher({ id: 'k2', key: key(4) }).decrypt(token, 'k')).toBeNull();
  });
  it('cache-value-bound-to-key: a value decrypts only under the cache key it was written for', () => {
    const cipher = new CacheCipher({ id: 'k1', key: key(5) });
    const token = cipher.encrypt('{"v":{"name":"Ingrid"}}', 'cg:v2:{cpr:person}:ingrid');
    expect(cipher.decrypt(token, 'cg:v2:{cpr:person}:ingrid')).toBe('{"v":{"name":"Ingrid"}}');
    expect(cipher.decrypt(token, 'cg:v2:{cpr:person}:mads')).toBeNull();
    expect(cipher.decrypt(token, '')).toBeNull();
  });
  it('rejects a key of the wrong length, naming the option', () => {
    expect(() => new CacheCipher({ id: 'k1', key: Buffer.alloc(16) })).toThrow(/32 bytes/);
  });
});
