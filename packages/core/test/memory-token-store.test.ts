import {
  DEFAULT_MEMORY_STORE_MAX_ENTRIES,
  isExpired,
  MemoryTokenStore,
  TokenStoreError,
  type TokenRecord,
} from '@retrysafe/core';
import { describeTokenStoreContract, randomBindingKey, sampleTokenRecord } from '@retrysafe/core/testing';
import fc from 'fast-check';
import { memberName, validRecord } from './support/token-record-arbitraries.js';

describeTokenStoreContract('memory', { create: async () => new MemoryTokenStore() });

/** A clock the test moves by hand. */
function manualClock(start = 1_790_000_000_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

describe('MemoryTokenStore', () => {
  it('is named memory and holds 10,000 records by default', () => {
    const store = new MemoryTokenStore();
    expect(store.name).toBe('memory');
    expect(DEFAULT_MEMORY_STORE_MAX_ENTRIES).toBe(10_000);
  });

  it('gives 1,000 parallel binds of one key one record and one creator', async () => {
    const store = new MemoryTokenStore();
    const bindingKey = randomBindingKey();
    const candidates = Array.from({ length: 1000 }, () => sampleTokenRecord({ bindingKey }));
    const results = await Promise.all(candidates.map((record) => store.bind(record)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.record.token)).size).toBe(1);
    expect(results[0]?.record).toEqual(candidates[0]);
    expect(store.size).toBe(1);
  });

  it('never holds more than maxEntries, evicting the least recently used', async () => {
    const maxEntries = 100;
    const store = new MemoryTokenStore({ maxEntries });
    const first = Array.from({ length: maxEntries }, () => sampleTokenRecord());
    for (const record of first) await store.bind(record);
    // Use the ten oldest again: they become the most recently used.
    for (const record of first.slice(0, 10)) expect(await store.get(record.bindingKey)).toBeDefined();
    const later = Array.from({ length: 20 }, () => sampleTokenRecord());
    for (const record of later) {
      await store.bind(record);
      expect(store.size).toBeLessThanOrEqual(maxEntries);
    }
    expect(store.size).toBe(maxEntries);
    for (const record of first.slice(10, 30)) expect(await store.get(record.bindingKey)).toBeUndefined();
    for (const record of [...first.slice(0, 10), ...first.slice(30), ...later]) {
      expect(await store.get(record.bindingKey)).toEqual(record);
    }
  });

  it('counts a repeated bind as use, so a key in active use is not evicted', async () => {
    const store = new MemoryTokenStore({ maxEntries: 3 });
    const [a, b, c, d] = [0, 1, 2, 3].map(() => sampleTokenRecord());
    for (const record of [a, b, c]) await store.bind(record!);
    expect((await store.bind(sampleTokenRecord({ bindingKey: a!.bindingKey }))).created).toBe(false);
    await store.bind(d!);
    expect(await store.get(b!.bindingKey)).toBeUndefined();
    expect(await store.get(a!.bindingKey)).toEqual(a);
  });

  it('evicts expired records before live ones when full', async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ maxEntries: 10, now: clock.now });
    const shortLived = Array.from({ length: 5 }, () => sampleTokenRecord({ ttlMs: 1_000, now: clock.now() }));
    const longLived = Array.from({ length: 5 }, () => sampleTokenRecord({ ttlMs: 60_000, now: clock.now() }));
    for (const record of [...longLived, ...shortLived]) await store.bind(record);
    clock.advance(1_000);
    const newcomers = Array.from({ length: 5 }, () => sampleTokenRecord({ now: clock.now() }));
    for (const record of newcomers) await store.bind(record);
    expect(store.size).toBe(10);
    // The long-lived ones were least recently used, yet the expired ones went.
    for (const record of [...longLived, ...newcomers]) expect(await store.get(record.bindingKey)).toEqual(record);
  });

  it('expires records on its clock: live until expiresAt, then absent and replaceable', async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    const record = sampleTokenRecord({ ttlMs: 5_000, now: clock.now() });
    await store.bind(record);

    clock.advance(4_999);
    expect(await store.get(record.bindingKey)).toEqual(record);
    expect(await store.list()).toEqual([record]);

    clock.advance(1);
    expect(isExpired(record, clock.now())).toBe(true);
    expect(await store.list()).toEqual([]);
    await store.complete(record.bindingKey, record.token, 'succeeded');
    expect(await store.get(record.bindingKey)).toBeUndefined();
    expect(store.size).toBe(0);

    const replacement = sampleTokenRecord({ bindingKey: record.bindingKey, now: clock.now() });
    expect(await store.bind(replacement)).toEqual({ record: replacement, created: true });
  });

  it('prunes exactly the expired records', async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    const expiring = Array.from({ length: 7 }, () => sampleTokenRecord({ ttlMs: 100, now: clock.now() }));
    const staying = Array.from({ length: 4 }, () => sampleTokenRecord({ ttlMs: 10_000, now: clock.now() }));
    for (const record of [...expiring, ...staying]) await store.bind(record);
    clock.advance(100);
    expect(await store.prune()).toBe(7);
    expect(store.size).toBe(4);
    expect(await store.prune()).toBe(0);
  });

  it('stamps completions with its clock', async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    const record = sampleTokenRecord({ now: clock.now() });
    await store.bind(record);
    clock.advance(250);
    await store.complete(record.bindingKey, record.token, 'failed');
    expect(await store.get(record.bindingKey)).toEqual({ ...record, status: 'failed', updatedAt: record.createdAt + 250 });
  });

  it('hands out frozen records and keeps its own copy of what it is given', async () => {
    const store = new MemoryTokenStore();
    const original = sampleTokenRecord();
    const handedIn = { ...original, memberDigests: { ...original.memberDigests } };
    const { record } = await store.bind(handedIn);
    handedIn.memberDigests.Member0 = 'f'.repeat(64);
    expect(record).not.toBe(handedIn);
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record.memberDigests)).toBe(true);
    expect(() => {
      (record as { status: string }).status = 'succeeded';
    }).toThrow(TypeError);
    const read = await store.get(original.bindingKey);
    expect(Object.isFrozen(read)).toBe(true);
    expect(read).toEqual(original);
    await store.complete(original.bindingKey, original.token, 'succeeded');
    const completed = await store.get(original.bindingKey);
    expect(Object.isFrozen(completed)).toBe(true);
    expect(record.status).toBe('pending');
  });

  it('gives back every member digest it was given, names and order kept, from every method (property)', async () => {
    const live = validRecord.filter((record) => record.expiresAt > 0);
    await fc.assert(
      fc.asyncProperty(live, fc.array(memberName, { maxLength: 3 }), async (record, extraNames) => {
        // Names that a plain assignment would mishandle, beside whatever the arbitrary drew.
        const digests: Record<string, string> = { ...record.memberDigests };
        for (const name of [...extraNames, '__proto__', 'constructor']) {
          Object.defineProperty(digests, name, { value: 'ab'.repeat(32), enumerable: true, writable: true, configurable: true });
        }
        const bound = { ...record, memberDigests: digests };
        const store = new MemoryTokenStore({ now: () => 0 });
        expect((await store.bind(bound)).record).toEqual(bound);
        const readBack = [
          (await store.bind({ ...bound, token: 'another-token' })).record,
          await store.get(bound.bindingKey),
          ...(await store.list()),
        ];
        await store.complete(bound.bindingKey, bound.token, 'succeeded');
        readBack.push(await store.get(bound.bindingKey));
        for (const read of readBack) {
          expect(read?.memberDigests).toEqual(digests);
          expect(Object.keys(read?.memberDigests ?? {})).toEqual(Object.keys(digests));
          expect(Object.getPrototypeOf(read?.memberDigests)).toBe(Object.prototype);
        }
        expect(readBack[3]).toEqual({ ...bound, status: 'succeeded', updatedAt: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an invalid record with a typed error and stores nothing', async () => {
    const store = new MemoryTokenStore();
    const valid = sampleTokenRecord();
    const invalid = [
      { ...valid, token: '' },
      { ...valid, bindingKey: 'not-a-digest' },
      { ...valid, status: 'done' },
      { ...valid, expiresAt: Number.NaN },
      { ...valid, memberDigests: { UserData: '#!/bin/bash echo secret' } },
    ];
    for (const record of invalid) {
      await expect(store.bind(record as TokenRecord)).rejects.toMatchObject({
        name: 'TokenStoreError',
        kind: 'corrupt-record',
        action: 'bind',
        store: 'memory',
      });
    }
    await expect(store.bind(invalid[0] as TokenRecord)).rejects.toBeInstanceOf(TokenStoreError);
    expect(store.size).toBe(0);
  });

  it('refuses nonsense options and list limits', async () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemoryTokenStore({ maxEntries })).toThrow(RangeError);
    }
    const store = new MemoryTokenStore();
    await expect(store.list({ limit: -1 })).rejects.toThrow(RangeError);
    await expect(store.list({ limit: 0 })).resolves.toEqual([]);
  });

  it('evicts exactly the least recently used, expired first, over any sequence of calls (property)', async () => {
    // More keys than room, so most binds evict: a model LRU list says which record must go.
    const keys = Array.from({ length: 8 }, () => randomBindingKey());
    const keyIndex = fc.nat(keys.length - 1);
    const command = fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('bind' as const), key: keyIndex, ttlMs: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), key: keyIndex }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('complete' as const), key: keyIndex }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyIndex }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.nat(30) }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(command, { maxLength: 80 }), async (maxEntries, commands) => {
        const clock = manualClock();
        const store = new MemoryTokenStore({ maxEntries, now: clock.now });
        // Insertion order is recency order, oldest first, as the store promises.
        const model = new Map<string, TokenRecord>();
        const live = (key: string): TokenRecord | undefined => {
          const record = model.get(key);
          if (record !== undefined && isExpired(record, clock.now())) model.delete(key);
          return model.get(key);
        };
        const use = (record: TokenRecord): void => {
          model.delete(record.bindingKey);
          model.set(record.bindingKey, record);
        };
        for (const c of commands) {
          const key = keys[c.op === 'advance' ? 0 : c.key]!;
          switch (c.op) {
            case 'bind': {
              const existing = live(key);
              const record = sampleTokenRecord({ bindingKey: key, ttlMs: c.ttlMs, now: clock.now() });
              if (existing !== undefined) {
                use(existing);
              } else {
                if (model.size >= maxEntries) {
                  for (const held of [...model.values()]) if (isExpired(held, clock.now())) model.delete(held.bindingKey);
                }
                for (const oldest of [...model.keys()]) if (model.size >= maxEntries) model.delete(oldest);
                model.set(key, record);
              }
              expect(await store.bind(record)).toEqual({ record: existing ?? record, created: existing === undefined });
              break;
            }
            case 'get': {
              const existing = live(key);
              if (existing !== undefined) use(existing);
              expect(await store.get(key)).toEqual(existing);
              break;
            }
            case 'complete': {
              const existing = live(key);
              if (existing !== undefined) use({ ...existing, status: 'succeeded', updatedAt: clock.now() });
              await store.complete(key, existing?.token ?? 'no-such-token', 'succeeded');
              break;
            }
            case 'delete':
              model.delete(key);
              await store.delete(key);
              break;
            case 'advance':
              clock.advance(c.ms);
              break;
          }
          expect(store.size).toBeLessThanOrEqual(maxEntries);
        }
        // Listing keeps recency order and does not count as use.
        const expected = [...model.values()].filter((record) => !isExpired(record, clock.now()));
        expect(await store.list()).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('behaves like a plain map with expiry for any sequence of calls (property)', async () => {
    const keys = [0, 1, 2].map(() => randomBindingKey());
    const tokens = ['token-a', 'token-b', 'token-c'];
    const keyIndex = fc.nat(keys.length - 1);
    const tokenIndex = fc.nat(tokens.length - 1);
    const command = fc.oneof(
      fc.record({ op: fc.constant('bind' as const), key: keyIndex, token: tokenIndex, ttlMs: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('get' as const), key: keyIndex }),
      fc.record({
        op: fc.constant('complete' as const),
        key: keyIndex,
        token: tokenIndex,
        status: fc.constantFrom('succeeded' as const, 'failed' as const),
      }),
      fc.record({ op: fc.constant('delete' as const), key: keyIndex }),
      fc.record({ op: fc.constant('advance' as const), ms: fc.nat(40) }),
      fc.record({ op: fc.constant('prune' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), async (commands) => {
        const clock = manualClock();
        const store = new MemoryTokenStore({ now: clock.now });
        const model = new Map<string, TokenRecord>();
        const modelLive = (key: string): TokenRecord | undefined => {
          const record = model.get(key);
          return record !== undefined && !isExpired(record, clock.now()) ? record : undefined;
        };
        for (const c of commands) {
          switch (c.op) {
            case 'bind': {
              const key = keys[c.key]!;
              const record = sampleTokenRecord({
                bindingKey: key,
                token: tokens[c.token],
                ttlMs: c.ttlMs,
                now: clock.now(),
              });
              const existing = modelLive(key);
              if (existing === undefined) model.set(key, record);
              expect(await store.bind(record)).toEqual({ record: existing ?? record, created: existing === undefined });
              break;
            }
            case 'get':
              expect(await store.get(keys[c.key]!)).toEqual(modelLive(keys[c.key]!));
              break;
            case 'complete': {
              const key = keys[c.key]!;
              const existing = modelLive(key);
              if (existing !== undefined && existing.token === tokens[c.token]) {
                model.set(key, { ...existing, status: c.status, updatedAt: clock.now() });
              }
              await store.complete(key, tokens[c.token]!, c.status);
              break;
            }
            case 'delete':
              model.delete(keys[c.key]!);
              await store.delete(keys[c.key]!);
              break;
            case 'advance':
              clock.advance(c.ms);
              break;
            case 'prune':
              await store.prune();
              break;
          }
        }
        for (const key of keys) expect(await store.get(key)).toEqual(modelLive(key));
      }),
      { numRuns: 300 },
    );
  });
});
