import { join } from 'node:path';

import { encodeTokenRecord, freezeTokenRecord, TokenStoreError, type TokenRecord } from '@retrysafe/core';
import {
  expectOneWinner,
  randomBindingKey,
  raceProcesses,
  sampleTokenRecord,
  type BindRaceResult,
} from '@retrysafe/core/testing';
import { DEFAULT_REDIS_KEY_PREFIX, RedisTokenStore, type RedisTokenStoreOptions } from '@retrysafe/store-redis';
import { connectRespClient, startRedisServer, type RedisServer, type RespClient } from '@retrysafe/store-redis/testing';
import fc from 'fast-check';
import { createClient } from 'redis';
import { describeWithRedis } from './support/redis-available.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const SKEW_MS = 5 * MINUTE_MS;
const RACE_PROCESSES = 16;
/** Short, so outage tests fail over quickly. */
const SHORT_TIMEOUT_MS = 200;
/** "Does not hang": far above any timeout the store is given here. */
const HANG_BOUND_MS = 10_000;
/** What a bounded close may take beyond the command timeout (timers, the socket's teardown, a busy machine). */
const CLOSE_SLACK_MS = 2_000;
/** Bounded wait for the client to reconnect after a restart. */
const RECONNECT_ATTEMPTS = 100;
const RECONNECT_PAUSE_MS = 50;

type RawClient = ReturnType<typeof createClient>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a promise rejects with; fails when it resolves or hangs past HANG_BOUND_MS. */
async function failure(promise: Promise<unknown>): Promise<TokenStoreError> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS)));
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved',
      (reason: unknown) => reason,
    ),
    hung,
  ]);
  clearTimeout(timer);
  expect(outcome).toBeInstanceOf(TokenStoreError);
  return outcome as TokenStoreError;
}

/** Whether a promise settles (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const settled = promise.then(
    () => 'settled' as const,
    () => 'settled' as const,
  );
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** `count` when it is `expected`; throws otherwise (for `eventually`). */
function expectCount(count: number, expected: number): number {
  if (count !== expected) throw new Error(`expected ${expected}, got ${count}`);
  return count;
}

/** Retries `call` until it succeeds, a bounded number of times. */
async function eventually<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= RECONNECT_ATTEMPTS) throw error;
      await sleep(RECONNECT_PAUSE_MS);
    }
  }
}

describeWithRedis('RedisTokenStore', () => {
  let server: RedisServer;
  let raw: RawClient;
  const stores: RedisTokenStore[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async () => {
    if (!server.running) await server.restart();
    raw = createClient({ url: server.url, disableOfflineQueue: true });
    raw.on('error', () => undefined);
    await raw.connect();
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    if (raw.isOpen) raw.destroy();
  });

  function openStore(options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore {
    const store = new RedisTokenStore(options.client === undefined ? { url: server.url, ...options } : options);
    stores.push(store);
    return store;
  }

  const keyOf = (record: TokenRecord, prefix = DEFAULT_REDIS_KEY_PREFIX): string => prefix + record.bindingKey;

  /** Connections the server has open, the test's raw client included. */
  async function connectedClients(): Promise<number> {
    const list = await raw.sendCommand(['CLIENT', 'LIST']);
    return String(list).trim().split('\n').length;
  }

  describe('set-up', () => {
    it('needs exactly one of client and url, and positive timeouts', () => {
      expect(() => new RedisTokenStore({})).toThrow(TypeError);
      expect(() => new RedisTokenStore({ url: server.url, client: raw })).toThrow(TypeError);
      expect(() => new RedisTokenStore({ url: server.url, commandTimeoutMs: 0 })).toThrow(RangeError);
      expect(() => new RedisTokenStore({ url: server.url, connectTimeoutMs: 1.5 })).toThrow(RangeError);
    });

    it('keeps each binding under prefix + key as the codec JSON, with the record’s remaining life as TTL', async () => {
      const store = openStore();
      const record = sampleTokenRecord({ ttlMs: HOUR_MS });
      await store.bind(record);
      expect(await raw.get(keyOf(record))).toBe(encodeTokenRecord(record));
      const ttl = await raw.pTTL(keyOf(record));
      expect(ttl).toBeGreaterThan(HOUR_MS - MINUTE_MS);
      expect(ttl).toBeLessThanOrEqual(HOUR_MS);
    });

    it('keeps the TTL when it records an outcome', async () => {
      const store = openStore();
      const record = sampleTokenRecord({ ttlMs: HOUR_MS });
      await store.bind(record);
      await store.complete(record.bindingKey, record.token, 'succeeded');
      expect(JSON.parse((await raw.get(keyOf(record))) as string)).toMatchObject({ status: 'succeeded' });
      const ttl = await raw.pTTL(keyOf(record));
      expect(ttl).toBeGreaterThan(HOUR_MS - MINUTE_MS);
      expect(ttl).toBeLessThanOrEqual(HOUR_MS);
    });

    it('records the outcome of its own bind in one round trip, and reads first when the value changed since', async () => {
      const resp = await connectRespClient(server.url);
      const sent: string[] = [];
      const counting: RespClient = {
        sendCommand: (args, options) => {
          sent.push((args[0] as string).toUpperCase());
          return resp.sendCommand(args, options);
        },
        close: () => resp.close(),
      };
      try {
        const store = openStore({ client: counting });
        const record = sampleTokenRecord({ ttlMs: HOUR_MS });
        await store.bind(record);
        sent.length = 0;
        await store.complete(record.bindingKey, record.token, 'succeeded');
        expect(sent.filter((name) => name !== 'EVAL')).toEqual(['EVALSHA']); // EVAL only if the server lacked the script
        expect(JSON.parse((await raw.get(keyOf(record))) as string)).toMatchObject({ status: 'succeeded' });

        // Another writer changed the value after this store bound it: the
        // compare-and-set from memory fails, a read decides.
        const other = sampleTokenRecord({ ttlMs: HOUR_MS });
        await store.bind(other);
        await raw.set(keyOf(other), encodeTokenRecord(freezeTokenRecord({ ...other, status: 'failed', updatedAt: other.updatedAt + 1 })), { KEEPTTL: true });
        sent.length = 0;
        await store.complete(other.bindingKey, other.token, 'succeeded');
        expect(sent.filter((name) => name !== 'EVAL')).toEqual(['EVALSHA', 'GET', 'EVALSHA']);
        expect(JSON.parse((await raw.get(keyOf(other))) as string)).toMatchObject({ status: 'succeeded' });

        // Rebound under another token since: left alone, as before.
        const third = sampleTokenRecord({ ttlMs: HOUR_MS });
        await store.bind(third);
        const replaced = encodeTokenRecord(freezeTokenRecord({ ...third, token: 'another-token' }));
        await raw.set(keyOf(third), replaced, { KEEPTTL: true });
        await store.complete(third.bindingKey, third.token, 'succeeded');
        expect(await raw.get(keyOf(third))).toBe(replaced);

        // Rebound under the completing token since: what stands now decides, so it is completed.
        const fourth = sampleTokenRecord({ ttlMs: HOUR_MS });
        await store.bind(fourth);
        const rebound = freezeTokenRecord({ ...fourth, token: 'rebound-token' });
        await raw.set(keyOf(fourth), encodeTokenRecord(rebound), { KEEPTTL: true });
        sent.length = 0;
        await store.complete(fourth.bindingKey, rebound.token, 'succeeded');
        expect(sent.filter((name) => name !== 'EVAL')).toEqual(['GET', 'EVALSHA']);
        expect(JSON.parse((await raw.get(keyOf(fourth))) as string)).toMatchObject({ token: 'rebound-token', status: 'succeeded' });
      } finally {
        await resp.close();
      }
    });

    it('uses a custom key prefix, and lists only its own keys', async () => {
      const prefix = `app-${randomBindingKey().slice(0, 8)}*[x]:`;
      const store = openStore({ keyPrefix: prefix });
      const record = sampleTokenRecord();
      await store.bind(record);
      await openStore().bind(sampleTokenRecord());
      expect(await raw.get(keyOf(record, prefix))).toBe(encodeTokenRecord(record));
      expect(await store.list()).toEqual([record]);
    });

    it('uses a caller’s client and leaves it open on close', async () => {
      const store = openStore({ client: raw });
      const record = sampleTokenRecord();
      expect(await store.bind(record)).toEqual({ record, created: true });
      await store.close();
      expect(raw.isReady).toBe(true);
      expect((await failure(store.get(record.bindingKey))).kind).toBe('unavailable');
      expect(await raw.get(keyOf(record))).toBe(encodeTokenRecord(record));
    });

    it('loads its scripts again after SCRIPT FLUSH', async () => {
      const store = openStore();
      const first = sampleTokenRecord();
      await store.bind(first);
      await store.complete(first.bindingKey, first.token, 'failed');
      await raw.scriptFlush();
      const second = sampleTokenRecord();
      expect((await store.bind(second)).created).toBe(true);
      await store.complete(second.bindingKey, second.token, 'succeeded');
      expect((await store.get(second.bindingKey))?.status).toBe('succeeded');
    });

    it('fails with unavailable once closed', async () => {
      const store = openStore();
      await store.bind(sampleTokenRecord());
      await store.close();
      expect((await failure(store.bind(sampleTokenRecord()))).kind).toBe('unavailable');
      await store.close();
    });
  });

  describe('bad data is an error, never an absent binding', () => {
    /** Every way the store reads the key refuses it with `kind`, and the key keeps its value. */
    async function expectRefused(bindingKey: string, kind: string, read: () => Promise<unknown>): Promise<void> {
      const store = openStore();
      const before = await read();
      const calls = [
        store.bind(sampleTokenRecord({ bindingKey })),
        store.get(bindingKey),
        store.complete(bindingKey, 'some-token', 'succeeded'),
        store.list({ prefix: bindingKey }),
      ];
      for (const call of calls) expect((await failure(call)).kind).toBe(kind);
      expect(await read()).toEqual(before);
    }

    it('a value that is not JSON', async () => {
      const bindingKey = randomBindingKey();
      await raw.set(DEFAULT_REDIS_KEY_PREFIX + bindingKey, 'garbage{');
      await expectRefused(bindingKey, 'corrupt-record', () => raw.get(DEFAULT_REDIS_KEY_PREFIX + bindingKey));
    });

    it('a foreign record: another key’s record under this key', async () => {
      const bindingKey = randomBindingKey();
      await raw.set(DEFAULT_REDIS_KEY_PREFIX + bindingKey, encodeTokenRecord(sampleTokenRecord()));
      await expectRefused(bindingKey, 'corrupt-record', () => raw.get(DEFAULT_REDIS_KEY_PREFIX + bindingKey));
    });

    it('a key of another Redis type (a hash)', async () => {
      const bindingKey = randomBindingKey();
      await raw.hSet(DEFAULT_REDIS_KEY_PREFIX + bindingKey, { token: 'abc' });
      await expectRefused(bindingKey, 'corrupt-record', () => raw.hGetAll(DEFAULT_REDIS_KEY_PREFIX + bindingKey));
    });

    it('a record of a newer format (v: 2)', async () => {
      const record = sampleTokenRecord();
      await raw.set(keyOf(record), JSON.stringify({ ...JSON.parse(encodeTokenRecord(record)), v: 2 }));
      await expectRefused(record.bindingKey, 'unsupported-version', () => raw.get(keyOf(record)));
    });

    it('any string value is refused, never replaced (property)', async () => {
      const store = openStore();
      const bindingKey = randomBindingKey();
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (text) => {
          await raw.set(DEFAULT_REDIS_KEY_PREFIX + bindingKey, text);
          const error = await failure(store.bind(sampleTokenRecord({ bindingKey })));
          expect(['corrupt-record', 'unsupported-version']).toContain(error.kind);
          expect(await raw.get(DEFAULT_REDIS_KEY_PREFIX + bindingKey)).toBe(text);
        }),
        { numRuns: 200 },
      );
    });
  });

  // Skew decision: Redis decides expiry with its own clock (the key's TTL), so
  // a key that exists is live for every client, whatever its clock says. A
  // client's clock only sets the TTL of what it writes, as expiresAt − now:
  // a record made and bound on one skewed host still lives its full TTL.
  describe('expiry and clock skew', () => {
    it.each([
      ['ahead', SKEW_MS],
      ['behind', -SKEW_MS],
    ])('a client 5 minutes %s writes full-length TTLs and shares bindings both ways', async (_direction, skew) => {
      const skewedNow = (): number => Date.now() + skew;
      const skewed = openStore({ now: skewedNow });
      const plain = openStore();

      const own = sampleTokenRecord({ now: skewedNow(), ttlMs: HOUR_MS });
      await skewed.bind(own);
      const ttl = await raw.pTTL(keyOf(own));
      expect(ttl).toBeGreaterThan(HOUR_MS - MINUTE_MS);
      expect(ttl).toBeLessThanOrEqual(HOUR_MS);
      expect(await plain.bind(sampleTokenRecord({ bindingKey: own.bindingKey }))).toEqual({ record: own, created: false });

      const other = sampleTokenRecord({ ttlMs: HOUR_MS });
      await plain.bind(other);
      expect(await skewed.bind(sampleTokenRecord({ bindingKey: other.bindingKey }))).toEqual({
        record: other,
        created: false,
      });
      await skewed.complete(other.bindingKey, other.token, 'succeeded');
      expect((await plain.get(other.bindingKey))?.status).toBe('succeeded');
    });

    it('a live key is live for a client whose clock says its record has expired', async () => {
      const writer = openStore();
      const farAhead = openStore({ now: () => Date.now() + HOUR_MS });
      const record = sampleTokenRecord({ ttlMs: MINUTE_MS });
      await writer.bind(record);
      expect(await farAhead.get(record.bindingKey)).toEqual(record);
      expect(await farAhead.bind(sampleTokenRecord({ bindingKey: record.bindingKey }))).toEqual({
        record,
        created: false,
      });
      expect(await farAhead.list({ prefix: record.bindingKey })).toEqual([record]);
    });

    it('a record already expired by the writer’s clock is written, then gone at once (never a mismatch later)', async () => {
      const store = openStore();
      const stale = sampleTokenRecord({ now: Date.now() - HOUR_MS, ttlMs: MINUTE_MS });
      expect(await store.bind(stale)).toEqual({ record: stale, created: true });
      await sleep(5);
      expect(await store.get(stale.bindingKey)).toBeUndefined();
      const fresh = sampleTokenRecord({ bindingKey: stale.bindingKey });
      expect(await store.bind(fresh)).toEqual({ record: fresh, created: true });
    });
  });

  describe('misconfiguration: what no retry mends', () => {
    const password = 'store-password-7f3a';
    const userUrl = (user: string, secret: string): string => server.url.replace('redis://', `redis://${user}:${secret}@`);

    afterEach(async () => {
      await raw.sendCommand(['ACL', 'DELUSER', 'tokens', 'noscripts']);
    });

    it('a wrong password is misconfigured on every call, never says the password, and the same store works once the user accepts it', async () => {
      await raw.sendCommand(['ACL', 'SETUSER', 'tokens', 'on', `>${password}`, '~*', '+@all']);
      const wrong = 'not-the-password';
      const store = openStore({ url: userUrl('tokens', wrong), connectTimeoutMs: SHORT_TIMEOUT_MS, commandTimeoutMs: SHORT_TIMEOUT_MS });
      const record = sampleTokenRecord();
      for (const call of [() => store.bind(record), () => store.get(record.bindingKey), () => store.list()]) {
        const error = await failure(call());
        expect(error).toMatchObject({ kind: 'misconfigured', retryable: false, store: 'redis' });
        expect(error.message).toContain('WRONGPASS');
        expect(error.message).not.toContain(wrong);
      }
      // The password is fixed on the server's side: the store reconnects in the background and serves.
      await raw.sendCommand(['ACL', 'SETUSER', 'tokens', `>${wrong}`]);
      expect(await eventually(() => store.bind(record))).toEqual({ record, created: true });
    });

    it('a refusal holds only until the next failure: once the server is gone, calls are unavailable again', async () => {
      await raw.sendCommand(['ACL', 'SETUSER', 'tokens', 'on', `>${password}`, '~*', '+@all']);
      const store = openStore({ url: userUrl('tokens', 'not-the-password'), connectTimeoutMs: SHORT_TIMEOUT_MS, commandTimeoutMs: SHORT_TIMEOUT_MS });
      const record = sampleTokenRecord();
      expect((await failure(store.bind(record))).kind).toBe('misconfigured');
      await server.kill();
      try {
        // The client notices on its next reconnect attempt (at most about a second away).
        const kind = await eventually(async () => {
          const seen = (await failure(store.bind(record))).kind;
          if (seen !== 'unavailable') throw new Error(`still ${seen}`);
          return seen;
        });
        expect(kind).toBe('unavailable');
      } finally {
        // The test's raw client lost its server too: a fresh one for the afterEach (the old one would reconnect forever).
        if (raw.isOpen) raw.destroy();
        await server.restart();
        raw = createClient({ url: server.url, disableOfflineQueue: true });
        raw.on('error', () => undefined);
        await raw.connect();
      }
    });

    it('an ACL that denies the store its scripts is misconfigured, through the store’s own client and a caller’s', async () => {
      await raw.sendCommand(['ACL', 'SETUSER', 'noscripts', 'on', `>${password}`, '~*', '+@all', '-@scripting']);
      const callerClient = createClient({ url: userUrl('noscripts', password) });
      callerClient.on('error', () => undefined);
      await callerClient.connect();
      try {
        for (const store of [openStore({ url: userUrl('noscripts', password) }), openStore({ client: callerClient })]) {
          const error = await failure(store.bind(sampleTokenRecord()));
          expect(error).toMatchObject({ kind: 'misconfigured', retryable: false, action: 'bind' });
          expect(error.message).toContain('NOPERM');
          expect(error.message).not.toContain(password);
        }
      } finally {
        callerClient.destroy();
      }
    });
  });

  describe('outage', () => {
    it('a killed server fails calls with unavailable, and the same store works again after a restart', async () => {
      const store = openStore({ commandTimeoutMs: SHORT_TIMEOUT_MS });
      const before = sampleTokenRecord();
      await store.bind(before);

      await server.kill();
      const record = sampleTokenRecord();
      for (const call of [store.bind(record), store.get(before.bindingKey), store.list(), store.delete(before.bindingKey)]) {
        const error = await failure(call);
        expect(error).toMatchObject({ kind: 'unavailable', store: 'redis', retryable: true });
      }

      await server.restart();
      expect(await eventually(() => store.bind(record))).toEqual({ record, created: true });
      expect(await store.get(record.bindingKey)).toEqual(record);
    });

    it('a server down when the store starts fails its first calls, then serves once up', async () => {
      await server.kill();
      const store = openStore({ connectTimeoutMs: SHORT_TIMEOUT_MS, commandTimeoutMs: SHORT_TIMEOUT_MS });
      const record = sampleTokenRecord();
      expect((await failure(store.bind(record))).kind).toBe('unavailable');
      await server.restart();
      expect(await eventually(() => store.bind(record))).toEqual({ record, created: true });
    });

    it('a hung server (SIGSTOP) fails calls within the command timeout; they work once it resumes', async () => {
      const store = openStore({ commandTimeoutMs: SHORT_TIMEOUT_MS });
      await store.get(randomBindingKey());
      server.pause();
      const record = sampleTokenRecord();
      try {
        const error = await failure(store.bind(record));
        expect(error.kind).toBe('unavailable');
        expect(error.message).toContain(`${SHORT_TIMEOUT_MS} ms`);
      } finally {
        server.resume();
      }
      // The timed-out bind reached Redis after all: the binding stands, once.
      const again = await eventually(() => store.bind(sampleTokenRecord({ bindingKey: record.bindingKey })));
      expect(again).toEqual({ record, created: false });
    });

    it('close returns within about the command timeout after a call timed out on a hung server, and drops the socket', async () => {
      const store = openStore({ commandTimeoutMs: SHORT_TIMEOUT_MS });
      await store.get(randomBindingKey());
      expect(await connectedClients()).toBe(2);
      server.pause();
      try {
        // The timed-out GET stays pending in node-redis, which a graceful close waits for.
        expect((await failure(store.get(randomBindingKey()))).kind).toBe('unavailable');
        const started = Date.now();
        expect(await settlesWithin(store.close(), HANG_BOUND_MS)).toBe('settled');
        expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + CLOSE_SLACK_MS);
      } finally {
        server.resume();
      }
      // Only the test's own raw client is left once the server reads the closed socket.
      expect(await eventually(async () => expectCount(await connectedClients(), 1))).toBe(1);
    });

    it('a caller’s client that queues commands while offline still fails within the command timeout', async () => {
      const queueing = createClient({ url: server.url });
      queueing.on('error', () => undefined);
      await queueing.connect();
      try {
        const store = openStore({ client: queueing, commandTimeoutMs: SHORT_TIMEOUT_MS });
        await server.kill();
        expect((await failure(store.bind(sampleTokenRecord()))).kind).toBe('unavailable');
      } finally {
        queueing.destroy();
      }
    });
  });

  describe('the minimal RESP client (testing)', () => {
    it('reads every reply type, values split over many packets included', async () => {
      const client = await connectRespClient(server.url);
      try {
        const big = 'x'.repeat(1_000_000) + 'é';
        const key = `resp-${randomBindingKey()}`;
        expect(await client.sendCommand(['SET', key, big])).toBe('OK');
        expect(await client.sendCommand(['GET', key])).toBe(big);
        expect(await client.sendCommand(['STRLEN', key])).toBe(Buffer.byteLength(big));
        expect(await client.sendCommand(['GET', `${key}-missing`])).toBeNull();
        expect(await client.sendCommand(['EVAL', "return {1, {'a', false}, 'b'}", '0'])).toEqual([1, ['a', null], 'b']);
        await expect(client.sendCommand(['NOSUCHCOMMAND'])).rejects.toThrow(/unknown command/i);
        expect(await client.sendCommand(['PING'])).toBe('PONG');
      } finally {
        await client.close();
      }
      await expect(client.sendCommand(['PING'])).rejects.toThrow(/closed/);
    });

    it('fails pending and later commands when the server goes away', async () => {
      const client = await connectRespClient(server.url);
      await server.kill();
      await expect(client.sendCommand(['PING'])).rejects.toThrow();
      await client.close();
    });

    it('accepts redis:// URLs only', async () => {
      await expect(connectRespClient('rediss://127.0.0.1:1')).rejects.toThrow(TypeError);
    });
  });

  describe('16 processes', () => {
    it('binding one key at once: one creates, all see one token', async () => {
      const bindingKey = randomBindingKey();
      const results = await raceProcesses<BindRaceResult>({
        script: join(__dirname, 'support', 'bind-race-child.cjs'),
        args: [server.url, bindingKey],
        processes: RACE_PROCESSES,
      });
      const token = expectOneWinner(results, RACE_PROCESSES);
      expect((await openStore().get(bindingKey))?.token).toBe(token);
    });
  });
});
