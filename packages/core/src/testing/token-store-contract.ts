import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { randomBindingKey, sampleTokenRecord } from './token-record-samples.js';

/** How a contract run gets and disposes of the store under test. */
export interface TokenStoreContractSetup {
  /** A fresh store (or a fresh client of a shared server) for one test. */
  create(): Promise<TokenStore>;
  /** Disposes of a store from `create`. Default: `store.close?.()`. */
  destroy?(store: TokenStore): Promise<void>;
  /** Real-clock stores: the shortest TTL the store honours reliably, ms. */
  shortTtlMs?: number;
  /**
   * Writes, around the store, a row under `bindingKey` that is not a valid
   * record (damaged or foreign) but whose expiry says `expiresAt`, in the
   * record and wherever else the store keeps it (an index column, an
   * attribute). For stores that can hold such a row; without it the
   * unreadable-row test is skipped.
   */
  writeUnreadable?(store: TokenStore, bindingKey: string, expiresAt: number): Promise<void>;
}

/** Short enough to keep the suite quick, long enough for a remote round trip. */
const DEFAULT_SHORT_TTL_MS = 300;
/** Margin beyond twice the TTL, for clocks and lazy expiry. */
const EXPIRY_MARGIN_MS = 100;
/** Time a test may spend besides its deliberate wait. */
const WORK_ALLOWANCE_MS = 15_000;
const CONCURRENT_BINDS = 50;
const MANY_MEMBERS = 200;
/** Old enough that "updated now" differs from "created then" on any clock. */
const RECORD_AGE_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with TokenStoreError kind 'corrupt-record' (by name: the store may load its own copy of core). */
async function expectUnreadable(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toMatchObject({ name: 'TokenStoreError', kind: 'corrupt-record' });
}

/** A plain, unfrozen copy, as a careless caller might hand over. */
function mutableCopy(record: TokenRecord): TokenRecord & { memberDigests: Record<string, string> } {
  return { ...record, memberDigests: { ...record.memberDigests } };
}

/** Attempts a write a store may refuse (a frozen record throws in strict mode). */
function tryToWrite(write: () => unknown): void {
  try {
    write();
  } catch {
    // Refused: as good as a private copy.
  }
}

/**
 * The behaviour every `TokenStore` owes the plugin, as Jest tests. Call it at
 * the top level of a test file:
 *
 *     describeTokenStoreContract('sqlite', { create: async () => new SqliteTokenStore(...) });
 *
 * Each test gets a fresh store and fresh random binding keys, so a shared
 * server needs no flushing between tests. `list` and `prune` are checked when
 * the store offers them.
 */
export function describeTokenStoreContract(name: string, setup: TokenStoreContractSetup): void {
  const shortTtlMs = setup.shortTtlMs ?? DEFAULT_SHORT_TTL_MS;
  const expiryWaitMs = 2 * shortTtlMs + EXPIRY_MARGIN_MS;
  const expiryTimeoutMs = expiryWaitMs + WORK_ALLOWANCE_MS;

  describe(`TokenStore contract: ${name}`, () => {
    let store: TokenStore;
    /** Whether `store` is this test's own (a failed create leaves nothing to dispose of). */
    let created = false;

    beforeEach(async () => {
      created = false;
      store = await setup.create();
      created = true;
    });

    afterEach(async () => {
      if (!created) return;
      created = false;
      if (setup.destroy) await setup.destroy(store);
      else await store.close?.();
    });

    it('has a name for errors and events', () => {
      expect(typeof store.name).toBe('string');
      expect(store.name.length).toBeGreaterThan(0);
    });

    it('bind writes a new record and says it created it', async () => {
      const record = sampleTokenRecord();
      const result = await store.bind(record);
      expect(result.created).toBe(true);
      expect(result.record).toEqual(record);
    });

    it('a second bind of the same key keeps the first record unchanged', async () => {
      const first = sampleTokenRecord({ members: 4 });
      const second = sampleTokenRecord({ bindingKey: first.bindingKey, members: 2 });
      await store.bind(first);
      const result = await store.bind(second);
      expect(result.created).toBe(false);
      expect(result.record).toEqual(first);
      expect(await store.get(first.bindingKey)).toEqual(first);
    });

    it('get returns a record equal to the one bound', async () => {
      const record = sampleTokenRecord();
      await store.bind(record);
      expect(await store.get(record.bindingKey)).toEqual(record);
    });

    it('get of an unknown key is undefined', async () => {
      expect(await store.get(randomBindingKey())).toBeUndefined();
    });

    it('records round-trip exactly, many member digests included', async () => {
      const record = sampleTokenRecord({ members: MANY_MEMBERS });
      expect(Object.keys(record.memberDigests)).toHaveLength(MANY_MEMBERS);
      const result = await store.bind(record);
      expect(result.record).toEqual(record);
      const read = await store.get(record.bindingKey);
      expect(read).toEqual(record);
      expect(read?.memberDigests).toEqual(record.memberDigests);
    });

    it('keeps its own copy: changing a record after bind or get does not change the store', async () => {
      const original = sampleTokenRecord();
      const handedIn = mutableCopy(original);
      const result = await store.bind(handedIn);
      handedIn.memberDigests.Member0 = 'f'.repeat(64);
      handedIn.memberDigests.Added = 'e'.repeat(64);
      for (const returned of [result.record, await store.get(original.bindingKey)]) {
        if (returned === undefined) continue;
        tryToWrite(() => ((returned.memberDigests as Record<string, string>).Member0 = '0'.repeat(64)));
        tryToWrite(() => ((returned as { token: string }).token = randomUUID()));
      }
      expect(await store.get(original.bindingKey)).toEqual(original);
    });

    it('complete with the bound token records the outcome and the time', async () => {
      const record = sampleTokenRecord({ now: Date.now() - RECORD_AGE_MS });
      await store.bind(record);
      const before = Date.now();
      await store.complete(record.bindingKey, record.token, 'succeeded');
      const after = await store.get(record.bindingKey);
      expect(after?.status).toBe('succeeded');
      expect(after?.updatedAt).toBeGreaterThanOrEqual(before);
      expect(after).toEqual({ ...record, status: 'succeeded', updatedAt: after?.updatedAt });

      const failed = sampleTokenRecord();
      await store.bind(failed);
      await store.complete(failed.bindingKey, failed.token, 'failed');
      expect((await store.get(failed.bindingKey))?.status).toBe('failed');
    });

    it('complete with another token changes nothing', async () => {
      const record = sampleTokenRecord({ now: Date.now() - RECORD_AGE_MS });
      await store.bind(record);
      await store.complete(record.bindingKey, randomUUID(), 'succeeded');
      expect(await store.get(record.bindingKey)).toEqual(record);
    });

    it('complete of an unknown key creates nothing', async () => {
      const bindingKey = randomBindingKey();
      await store.complete(bindingKey, randomUUID(), 'failed');
      expect(await store.get(bindingKey)).toBeUndefined();
    });

    it('delete forgets a binding, so the next bind creates anew', async () => {
      const first = sampleTokenRecord();
      await store.bind(first);
      await store.delete(first.bindingKey);
      expect(await store.get(first.bindingKey)).toBeUndefined();

      const second = sampleTokenRecord({ bindingKey: first.bindingKey });
      const result = await store.bind(second);
      expect(result.created).toBe(true);
      expect(result.record).toEqual(second);
      await expect(store.delete(randomBindingKey())).resolves.toBeUndefined();
    });

    it(
      'an expired binding is absent: get misses it and bind replaces it',
      async () => {
        const expiring = sampleTokenRecord({ ttlMs: shortTtlMs });
        expect((await store.bind(expiring)).created).toBe(true);
        await sleep(expiryWaitMs);
        expect(await store.get(expiring.bindingKey)).toBeUndefined();

        const replacement = sampleTokenRecord({ bindingKey: expiring.bindingKey });
        const result = await store.bind(replacement);
        expect(result.created).toBe(true);
        expect(result.record).toEqual(replacement);
        expect(await store.get(expiring.bindingKey)).toEqual(replacement);
      },
      expiryTimeoutMs,
    );

    it(`${CONCURRENT_BINDS} concurrent binds of one key agree on one token, and one of them created it`, async () => {
      const bindingKey = randomBindingKey();
      const candidates = Array.from({ length: CONCURRENT_BINDS }, () => sampleTokenRecord({ bindingKey }));
      const results = await Promise.all(candidates.map((record) => store.bind(record)));

      const tokens = new Set(results.map((result) => result.record.token));
      expect(tokens.size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const winner = candidates.find((candidate) => tokens.has(candidate.token));
      expect(winner).toBeDefined();
      expect(await store.get(bindingKey)).toEqual(winner);
      for (const result of results) expect(result.record).toEqual(winner);
    });

    it('keys are independent', async () => {
      const a = sampleTokenRecord();
      const b = sampleTokenRecord();
      await store.bind(a);
      await store.bind(b);
      await store.complete(a.bindingKey, a.token, 'succeeded');
      await store.delete(b.bindingKey);
      expect((await store.get(a.bindingKey))?.status).toBe('succeeded');
      expect(await store.get(b.bindingKey)).toBeUndefined();

      const c = sampleTokenRecord();
      expect((await store.bind(c)).created).toBe(true);
      expect((await store.get(a.bindingKey))?.token).toBe(a.token);
    });

    it('list, when offered, returns live records under a prefix, at most limit', async () => {
      expect(['function', 'undefined']).toContain(typeof store.list);
      if (typeof store.list !== 'function') return;
      const prefix = randomBindingKey().slice(0, 16);
      const inside = [0, 1, 2].map(() => sampleTokenRecord({ bindingKey: randomBindingKey(prefix) }));
      const outside = sampleTokenRecord();
      for (const record of [...inside, outside]) await store.bind(record);

      const listed = await store.list({ prefix });
      const byKey = (x: TokenRecord, y: TokenRecord): number => x.bindingKey.localeCompare(y.bindingKey);
      expect([...listed].sort(byKey)).toEqual([...inside].sort(byKey));

      const limited = await store.list({ prefix, limit: 2 });
      expect(limited).toHaveLength(2);
      for (const record of limited) expect(inside).toContainEqual(record);
    });

    it(
      'list skips and prune removes expired records, when offered; live ones stay',
      async () => {
        expect(['function', 'undefined']).toContain(typeof store.list);
        expect(['function', 'undefined']).toContain(typeof store.prune);
        if (typeof store.list !== 'function' && typeof store.prune !== 'function') return;
        const prefix = randomBindingKey().slice(0, 16);
        const expiring = sampleTokenRecord({ bindingKey: randomBindingKey(prefix), ttlMs: shortTtlMs });
        const live = sampleTokenRecord({ bindingKey: randomBindingKey(prefix) });
        await store.bind(expiring);
        await store.bind(live);
        await sleep(expiryWaitMs);

        if (typeof store.list === 'function') expect(await store.list({ prefix })).toEqual([live]);
        if (typeof store.prune === 'function') {
          expect(await store.prune()).toBeGreaterThanOrEqual(1);
          expect(await store.get(expiring.bindingKey)).toBeUndefined();
          expect(await store.get(live.bindingKey)).toEqual(live);
        }
      },
      expiryTimeoutMs,
    );

    // Expiry is judged on a decoded record only. A row that cannot be read
    // is not known to be expired: pruning it, or skipping it in a listing,
    // would let the next bind make a second token for its key.
    it('an unreadable row whose expiry has passed is an error to get and list, and prune keeps it', async () => {
      if (setup.writeUnreadable === undefined) return;
      const prefix = randomBindingKey().slice(0, 16);
      const unreadableKey = randomBindingKey(prefix);
      const expiredAt = Date.now() - RECORD_AGE_MS;
      await setup.writeUnreadable(store, unreadableKey, expiredAt);

      await expectUnreadable(store.get(unreadableKey));
      if (typeof store.list === 'function') await expectUnreadable(store.list({ prefix }));
      if (typeof store.prune !== 'function') return;

      const expired = sampleTokenRecord({ bindingKey: randomBindingKey(prefix), now: expiredAt - RECORD_AGE_MS, ttlMs: RECORD_AGE_MS });
      await store.bind(expired);
      expect(await store.prune()).toBeGreaterThanOrEqual(1);
      expect(await store.get(expired.bindingKey)).toBeUndefined();
      await expectUnreadable(store.get(unreadableKey));
      if (typeof store.list === 'function') await expectUnreadable(store.list({ prefix }));
    });
  });
}
