import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { DatabaseSync, DatabaseSyncInstance } from '@photostructure/sqlite';
import { encodeTokenRecord, TokenStoreError, type TokenRecord } from '@retrysafe/core';
import {
  expectOneWinner,
  forkContender,
  randomBindingKey,
  raceProcesses,
  sampleTokenRecord,
  type BindRaceResult,
} from '@retrysafe/core/testing';
import {
  BINDINGS_TABLE,
  loadSqliteDriver,
  META_TABLE,
  SQLITE_SCHEMA_VERSION,
  SqliteTokenStore,
  type SqliteTokenStoreOptions,
} from '@retrysafe/store-sqlite';
import { temporarySqliteFile, type TemporarySqliteFile } from '@retrysafe/store-sqlite/testing';
import fc from 'fast-check';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const SKEW_MS = 5 * MINUTE_MS;
const RACE_PROCESSES = 16;
/** More rows than list and prune read in one page. */
const MANY_ROWS = 1_200;
/** Short, so the lock test fails over quickly. */
const SHORT_BUSY_TIMEOUT_MS = 50;
/** How long a locking process holds on before it is told to let go (well inside the default busy timeout). */
const RELEASE_AFTER_MS = 300;

let file: TemporarySqliteFile;
const stores: SqliteTokenStore[] = [];
/** Raw connections the tests use to look at or damage the file. */
const raws: DatabaseSyncInstance[] = [];
/**
 * The SQLite library the store itself uses on this Node (node:sqlite on 22,
 * @photostructure/sqlite on 20). Raw connections use it too: two copies of
 * SQLite in one process do not see each other's locks.
 */
let RawDatabaseSync: typeof DatabaseSync;

beforeAll(async () => {
  RawDatabaseSync = (await loadSqliteDriver()).DatabaseSync as unknown as typeof DatabaseSync;
});

beforeEach(() => {
  file = temporarySqliteFile();
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const raw of raws.splice(0)) if (raw.isOpen) raw.close();
  file.remove();
});

function openStore(options: Partial<SqliteTokenStoreOptions> = {}): SqliteTokenStore {
  const store = new SqliteTokenStore({ path: file.path, ...options });
  stores.push(store);
  return store;
}

function rawDatabase(path = file.path): DatabaseSyncInstance {
  const raw = new RawDatabaseSync(path);
  raws.push(raw);
  return raw;
}

/** A clock the test moves by hand. */
function manualClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenStoreError);
  return error as TokenStoreError;
}

/**
 * Runs `during` while another process holds a lock on the file (a
 * transaction of `kind`, see lock-holder-child.cjs), then has it let go;
 * the process is stopped however the test ends.
 */
async function whileLocked(kind: 'EXCLUSIVE' | 'IMMEDIATE', during: () => Promise<void>): Promise<void> {
  const locker = forkContender<string>(join(__dirname, 'support', 'lock-holder-child.cjs'), [file.path, kind]);
  try {
    await locker.ready;
    await during();
    locker.go();
    expect(await locker.outcome).toEqual({ kind: 'result', value: 'released' });
  } finally {
    await locker.stop();
  }
}

function rowCount(raw: DatabaseSyncInstance): number {
  return (raw.prepare(`SELECT count(*) AS n FROM ${BINDINGS_TABLE}`).get() as { n: number }).n;
}

function storedText(raw: DatabaseSyncInstance, bindingKey: string): unknown {
  return (raw.prepare(`SELECT record FROM ${BINDINGS_TABLE} WHERE binding_key = ?`).get(bindingKey) as { record?: unknown })
    ?.record;
}

describe('SqliteTokenStore: set-up', () => {
  it('needs exactly one of path and database, and sane options', () => {
    expect(() => new SqliteTokenStore({})).toThrow(TypeError);
    expect(() => new SqliteTokenStore({ path: file.path, database: rawDatabase(':memory:') })).toThrow(TypeError);
    expect(() => new SqliteTokenStore({ path: file.path, busyTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => new SqliteTokenStore({ path: file.path, busyTimeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => new SqliteTokenStore({ path: file.path, synchronous: 'off' as 'full' })).toThrow(RangeError);
  });

  it('loads @photostructure/sqlite on a Node without node:sqlite, and node:sqlite otherwise', async () => {
    const driver = await loadSqliteDriver();
    const builtin = process.getBuiltinModule?.('node:sqlite');
    expect(driver.name).toBe(builtin === undefined ? '@photostructure/sqlite' : 'node:sqlite');
    expect(typeof driver.DatabaseSync).toBe('function');
  });

  it('creates a WAL file with its tables, schema version and expiry index', async () => {
    await openStore().open();
    const raw = rawDatabase();
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare(`SELECT value FROM ${META_TABLE} WHERE name = 'schema_version'`).get()).toEqual({
      value: SQLITE_SCHEMA_VERSION,
    });
    const columns = raw.prepare(`PRAGMA table_info(${BINDINGS_TABLE})`).all() as { name: string; pk: number }[];
    expect(columns.map((column) => column.name)).toEqual(['binding_key', 'format_version', 'expires_at', 'record']);
    expect(columns.find((column) => column.pk === 1)?.name).toBe('binding_key');
    const indexes = raw.prepare(`PRAGMA index_list(${BINDINGS_TABLE})`).all() as { name: string }[];
    expect(indexes.map((index) => index.name)).toContain(`${BINDINGS_TABLE}_expires_at`);
  });

  it('keeps bindings across a restart (a new store on the same file)', async () => {
    const record = sampleTokenRecord();
    const first = openStore();
    await first.bind(record);
    await first.close();
    const second = openStore();
    expect(await second.get(record.bindingKey)).toEqual(record);
    expect((await second.bind(sampleTokenRecord({ bindingKey: record.bindingKey }))).record).toEqual(record);
  });

  it('uses a database the caller opened, and leaves it open on close', async () => {
    const raw = rawDatabase();
    const store = new SqliteTokenStore({ database: raw });
    const record = sampleTokenRecord();
    expect((await store.bind(record)).created).toBe(true);
    await store.close();
    expect(raw.isOpen).toBe(true);
    expect(storedText(raw, record.bindingKey)).toBe(encodeTokenRecord(record));
    await expect(store.get(record.bindingKey)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('refuses a file of a newer schema version and leaves it untouched', async () => {
    await openStore().open();
    const raw = rawDatabase();
    raw.prepare(`UPDATE ${META_TABLE} SET value = ? WHERE name = 'schema_version'`).run(SQLITE_SCHEMA_VERSION + 1);
    const error = await failure(openStore().bind(sampleTokenRecord()));
    expect(error.kind).toBe('unsupported-version');
    expect(error.retryable).toBe(false);
    expect(rowCount(raw)).toBe(0);
  });

  it('fails with unavailable once closed', async () => {
    const store = openStore();
    await store.bind(sampleTokenRecord());
    await store.close();
    for (const call of [store.bind(sampleTokenRecord()), store.get(randomBindingKey()), store.prune()]) {
      expect((await failure(call)).kind).toBe('unavailable');
    }
  });
});

describe('SqliteTokenStore: outage', () => {
  it('a file that cannot be opened is unavailable, and the same store recovers once it can', async () => {
    const path = join(file.directory, 'not-yet', 'tokens.sqlite');
    const store = openStore({ path });
    const record = sampleTokenRecord();
    const error = await failure(store.bind(record));
    expect(error).toMatchObject({ kind: 'unavailable', store: 'sqlite', action: 'bind', retryable: true });

    mkdirSync(join(file.directory, 'not-yet'));
    expect(await store.bind(record)).toEqual({ record, created: true });
  });

  it('a directory in place of the file is unavailable', async () => {
    mkdirSync(file.path);
    expect((await failure(openStore().get(randomBindingKey()))).kind).toBe('unavailable');
  });

  it('a file locked by another process past the busy timeout is unavailable; the store works once it is released', async () => {
    const store = openStore({ busyTimeoutMs: SHORT_BUSY_TIMEOUT_MS });
    await store.open();
    const record = sampleTokenRecord();
    await whileLocked('EXCLUSIVE', async () => {
      const error = await failure(store.bind(record));
      expect(error).toMatchObject({ kind: 'unavailable', action: 'bind' });
    });
    expect(await store.bind(record)).toEqual({ record, created: true });
  });

  it('a new file another process is writing in rollback-journal mode: the open waits for it instead of failing at once', async () => {
    // Switching to WAL while another connection holds the write lock is a
    // deadlock SQLite answers with SQLITE_BUSY at once, busy timeout or not:
    // what 16 processes opening one new file together run into.
    let opening: Promise<void> = Promise.resolve();
    await whileLocked('IMMEDIATE', async () => {
      opening = openStore().open();
      const settledEarly = await Promise.race([opening.then(() => 'opened', () => 'failed'), sleep(RELEASE_AFTER_MS).then(() => 'waiting')]);
      expect(settledEarly).toBe('waiting');
    });
    await opening;
    const record = sampleTokenRecord();
    expect(await openStore().bind(record)).toEqual({ record, created: true });
    expect(rawDatabase().prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
  });

  it('that writer holding on past the busy timeout makes the open unavailable; the next call opens the file', async () => {
    const store = openStore({ busyTimeoutMs: SHORT_BUSY_TIMEOUT_MS });
    const record = sampleTokenRecord();
    await whileLocked('IMMEDIATE', async () => {
      expect(await failure(store.bind(record))).toMatchObject({ kind: 'unavailable', action: 'bind', retryable: true });
    });
    expect(await store.bind(record)).toEqual({ record, created: true });
  });

  it('a file that is not a SQLite database is refused as corrupt and left as it was', async () => {
    const garbage = 'this is not a database file '.repeat(200);
    writeFileSync(file.path, garbage);
    const error = await failure(openStore().bind(sampleTokenRecord()));
    expect(error.kind).toBe('corrupt-record');
    expect(error.retryable).toBe(false);
  });
});

describe('SqliteTokenStore: bad data is an error, never an absent binding', () => {
  /** Binds a record, then lets `damage` rewrite its row with raw SQL. */
  async function damagedRow(damage: (raw: DatabaseSyncInstance, record: TokenRecord) => void): Promise<{
    store: SqliteTokenStore;
    record: TokenRecord;
    raw: DatabaseSyncInstance;
  }> {
    const store = openStore();
    const record = sampleTokenRecord();
    await store.bind(record);
    const raw = rawDatabase();
    damage(raw, record);
    return { store, record, raw };
  }

  /** Every way the store reads a row refuses it with `kind`, and the row stays. */
  async function expectRefused(store: SqliteTokenStore, record: TokenRecord, raw: DatabaseSyncInstance, kind: string) {
    const before = storedText(raw, record.bindingKey);
    const calls = [
      store.bind(sampleTokenRecord({ bindingKey: record.bindingKey })),
      store.get(record.bindingKey),
      store.complete(record.bindingKey, record.token, 'succeeded'),
      store.list(),
    ];
    for (const call of calls) expect((await failure(call)).kind).toBe(kind);
    expect(storedText(raw, record.bindingKey)).toBe(before);
    expect(rowCount(raw)).toBe(1);
  }

  it('a record column that is not JSON', async () => {
    const { store, record, raw } = await damagedRow((db, r) =>
      db.prepare(`UPDATE ${BINDINGS_TABLE} SET record = 'garbage{' WHERE binding_key = ?`).run(r.bindingKey),
    );
    await expectRefused(store, record, raw, 'corrupt-record');
  });

  it('a foreign record: another key’s record filed under this key', async () => {
    const { store, record, raw } = await damagedRow((db, r) =>
      db
        .prepare(`UPDATE ${BINDINGS_TABLE} SET record = ? WHERE binding_key = ?`)
        .run(encodeTokenRecord(sampleTokenRecord({ now: r.createdAt, ttlMs: r.expiresAt - r.createdAt })), r.bindingKey),
    );
    await expectRefused(store, record, raw, 'corrupt-record');
  });

  it('columns that disagree with the record', async () => {
    const { store, record, raw } = await damagedRow((db, r) =>
      db.prepare(`UPDATE ${BINDINGS_TABLE} SET expires_at = expires_at + 1 WHERE binding_key = ?`).run(r.bindingKey),
    );
    await expectRefused(store, record, raw, 'corrupt-record');
  });

  it('a record of a newer format (v: 2), by column or by its JSON', async () => {
    const newer = (record: TokenRecord): string => JSON.stringify({ ...JSON.parse(encodeTokenRecord(record)), v: 2 });
    const byColumn = await damagedRow((db, r) =>
      db
        .prepare(`UPDATE ${BINDINGS_TABLE} SET format_version = 2, record = ? WHERE binding_key = ?`)
        .run(newer(r), r.bindingKey),
    );
    await expectRefused(byColumn.store, byColumn.record, byColumn.raw, 'unsupported-version');

    const byJson = await damagedRow((db, r) =>
      db.prepare(`UPDATE ${BINDINGS_TABLE} SET record = ? WHERE binding_key = ?`).run(newer(r), r.bindingKey),
    );
    await expect(byJson.store.get(byJson.record.bindingKey)).rejects.toMatchObject({ kind: 'unsupported-version' });
  });

  it('a corrupt row stays an error even when its expiry column says it has expired', async () => {
    const { store, record, raw } = await damagedRow((db, r) =>
      db
        .prepare(`UPDATE ${BINDINGS_TABLE} SET record = '{}', expires_at = 0 WHERE binding_key = ?`)
        .run(r.bindingKey),
    );
    const error = await failure(store.bind(sampleTokenRecord({ bindingKey: record.bindingKey })));
    expect(error.kind).toBe('corrupt-record');
    expect(storedText(raw, record.bindingKey)).toBe('{}');
  });

  it('a corrupt row whose expiry column says it has expired is kept by prune and reported by list, so no second token is made', async () => {
    const { store, record, raw } = await damagedRow((db, r) =>
      db
        .prepare(`UPDATE ${BINDINGS_TABLE} SET record = '{}', expires_at = 0 WHERE binding_key = ?`)
        .run(r.bindingKey),
    );
    const expiredReadable = sampleTokenRecord({ now: Date.now() - 2 * HOUR_MS, ttlMs: HOUR_MS });
    await store.bind(expiredReadable);

    expect((await failure(store.list())).kind).toBe('corrupt-record');
    expect(await store.prune()).toBe(1);
    expect(rowCount(raw)).toBe(1);
    expect(storedText(raw, record.bindingKey)).toBe('{}');

    // After the prune, exactly as before it: the row is an error for every call, never a fresh binding.
    await expectRefused(store, record, raw, 'corrupt-record');
  });

  it('a row whose times lie beyond the safe integers is corrupt-record for every call, not a retryable outage', async () => {
    const beyondSafe = Number.MAX_SAFE_INTEGER + Date.now();
    const asOldStoresWroteIt = await damagedRow((db, r) =>
      db
        .prepare(`UPDATE ${BINDINGS_TABLE} SET expires_at = ?, record = ? WHERE binding_key = ?`)
        .run(BigInt(beyondSafe), encodeTokenRecord(r).replace(`"expiresAt":${r.expiresAt}`, `"expiresAt":${beyondSafe}`), r.bindingKey),
    );
    await expectRefused(asOldStoresWroteIt.store, asOldStoresWroteIt.record, asOldStoresWroteIt.raw, 'corrupt-record');
    expect(await asOldStoresWroteIt.store.prune()).toBe(0);

    // The JSON is fine, the indexed column is not: read as corrupt, never as "too large" (unavailable).
    const raw = asOldStoresWroteIt.raw;
    raw.prepare(`DELETE FROM ${BINDINGS_TABLE}`).run();
    const columnOnly = await damagedRow((db, r) =>
      db.prepare(`UPDATE ${BINDINGS_TABLE} SET expires_at = ? WHERE binding_key = ?`).run(2n ** 62n, r.bindingKey),
    );
    await expectRefused(columnOnly.store, columnOnly.record, columnOnly.raw, 'corrupt-record');
    expect((await failure(columnOnly.store.get(columnOnly.record.bindingKey))).message).toContain("'expires_at' column is not a safe integer");
  });

  it('refuses to write a record whose expiry is beyond the safe integers', async () => {
    const store = openStore();
    await store.open();
    const record = { ...sampleTokenRecord(), expiresAt: Number.MAX_SAFE_INTEGER + Date.now() };
    expect((await failure(store.bind(record))).kind).toBe('corrupt-record');
    expect(rowCount(rawDatabase())).toBe(0);
  });

  it('any text in the record column is refused, never replaced (property)', async () => {
    const store = openStore();
    const raw = rawDatabase();
    const valid = sampleTokenRecord();
    await store.bind(valid);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (text) => {
        raw.prepare(`UPDATE ${BINDINGS_TABLE} SET record = ? WHERE binding_key = ?`).run(text, valid.bindingKey);
        const error = await failure(store.bind(sampleTokenRecord({ bindingKey: valid.bindingKey })));
        expect(['corrupt-record', 'unsupported-version']).toContain(error.kind);
        expect(storedText(raw, valid.bindingKey)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('SqliteTokenStore: expiry and clocks', () => {
  it('an expired binding is replaced, gets nothing, and completes nothing', async () => {
    const clock = manualClock();
    const store = openStore({ now: clock.now });
    const old = sampleTokenRecord({ now: clock.now(), ttlMs: HOUR_MS });
    await store.bind(old);
    clock.advance(HOUR_MS);

    expect(await store.get(old.bindingKey)).toBeUndefined();
    await store.complete(old.bindingKey, old.token, 'succeeded');
    const replacement = sampleTokenRecord({ bindingKey: old.bindingKey, now: clock.now() });
    expect(await store.bind(replacement)).toEqual({ record: replacement, created: true });
    expect(await store.get(old.bindingKey)).toEqual(replacement);
  });

  it('a binding is live until the last millisecond before expiresAt', async () => {
    const clock = manualClock();
    const store = openStore({ now: clock.now });
    const record = sampleTokenRecord({ now: clock.now(), ttlMs: MINUTE_MS });
    await store.bind(record);
    clock.advance(MINUTE_MS - 1);
    expect((await store.bind(sampleTokenRecord({ bindingKey: record.bindingKey }))).created).toBe(false);
    clock.advance(1);
    expect(await store.get(record.bindingKey)).toBeUndefined();
  });

  it('prune removes only expired rows and counts them', async () => {
    const clock = manualClock();
    const store = openStore({ now: clock.now });
    const short = [1, 2, 3].map(() => sampleTokenRecord({ now: clock.now(), ttlMs: MINUTE_MS }));
    const long = sampleTokenRecord({ now: clock.now(), ttlMs: HOUR_MS });
    for (const record of [...short, long]) await store.bind(record);
    clock.advance(MINUTE_MS);
    expect(await store.prune()).toBe(short.length);
    expect(await store.prune()).toBe(0);
    expect(await store.list()).toEqual([long]);
  });

  it('list and prune page through a large file: prune deletes every expired readable row and keeps the corrupt ones', async () => {
    const clock = manualClock();
    const store = openStore({ now: clock.now });
    await store.open();
    const raw = rawDatabase();
    const insert = raw.prepare(`INSERT INTO ${BINDINGS_TABLE} (binding_key, format_version, expires_at, record) VALUES (?, 1, ?, ?)`);
    const expired = Array.from({ length: MANY_ROWS }, () => sampleTokenRecord({ now: clock.now() - HOUR_MS, ttlMs: MINUTE_MS }));
    const live = Array.from({ length: MANY_ROWS }, () => sampleTokenRecord({ now: clock.now(), ttlMs: HOUR_MS }));
    raw.exec('BEGIN');
    for (const record of [...expired, ...live]) insert.run(record.bindingKey, record.expiresAt, encodeTokenRecord(record));
    raw.exec('COMMIT');

    const sorted = [...live].sort((a, b) => (a.bindingKey < b.bindingKey ? -1 : 1));
    expect(await store.list()).toEqual(sorted);
    expect(await store.list({ limit: MANY_ROWS - 1 })).toEqual(sorted.slice(0, MANY_ROWS - 1));

    // Damage the last expired row in key order: the listing reaches it on its last page.
    const last = [...expired].sort((a, b) => (a.bindingKey < b.bindingKey ? 1 : -1))[0] as TokenRecord;
    raw.prepare(`UPDATE ${BINDINGS_TABLE} SET record = 'garbage{' WHERE binding_key = ?`).run(last.bindingKey);
    expect((await failure(store.list())).kind).toBe('corrupt-record');
    expect(await store.prune()).toBe(MANY_ROWS - 1);
    expect(rowCount(raw)).toBe(MANY_ROWS + 1);
    expect(storedText(raw, last.bindingKey)).toBe('garbage{');
  });

  it('list rejects a bad limit and returns records in key order', async () => {
    const store = openStore();
    await expect(store.list({ limit: -1 })).rejects.toThrow(RangeError);
    const records = [1, 2, 3].map(() => sampleTokenRecord());
    for (const record of records) await store.bind(record);
    const sorted = [...records].sort((a, b) => (a.bindingKey < b.bindingKey ? -1 : 1));
    expect(await store.list()).toEqual(sorted);
    expect(await store.list({ limit: 0 })).toEqual([]);
  });

  // Skew decision: expiry is `now >= record.expiresAt` on the store's clock and
  // nothing else. A clock minutes ahead or behind the one that stamped a record
  // only moves the end of its life by the skew; while it is live, every clock
  // gets the same token, and a record stamped in a clock's future is live.
  it.each([
    ['ahead', SKEW_MS],
    ['behind', -SKEW_MS],
  ])('a store whose clock is 5 minutes %s shares live bindings and their tokens', async (_direction, skew) => {
    const writer = openStore();
    const skewed = openStore({ now: () => Date.now() + skew });
    const record = sampleTokenRecord({ ttlMs: HOUR_MS });
    await writer.bind(record);

    expect(await skewed.get(record.bindingKey)).toEqual(record);
    expect(await skewed.bind(sampleTokenRecord({ bindingKey: record.bindingKey }))).toEqual({ record, created: false });
    expect(await skewed.list()).toEqual([record]);

    const own = sampleTokenRecord({ now: Date.now() + skew, ttlMs: HOUR_MS });
    await skewed.bind(own);
    expect(await writer.bind(sampleTokenRecord({ bindingKey: own.bindingKey }))).toEqual({ record: own, created: false });
    await writer.complete(own.bindingKey, own.token, 'succeeded');
    expect((await skewed.get(own.bindingKey))?.status).toBe('succeeded');
  });

  it('a record stamped 5 minutes in the store’s future is live, not refused', async () => {
    const store = openStore();
    const future = sampleTokenRecord({ now: Date.now() + SKEW_MS, ttlMs: MINUTE_MS });
    await store.bind(future);
    expect(await store.bind(sampleTokenRecord({ bindingKey: future.bindingKey }))).toEqual({ record: future, created: false });
    expect(await store.prune()).toBe(0);
  });

  it('a binding that outlives a clock running 5 minutes ahead ends 5 minutes early, as a whole', async () => {
    const writer = openStore();
    const ahead = openStore({ now: () => Date.now() + SKEW_MS });
    const record = sampleTokenRecord({ ttlMs: MINUTE_MS });
    await writer.bind(record);
    // Expired by the skewed clock: absent there for every call alike.
    expect(await ahead.get(record.bindingKey)).toBeUndefined();
    expect(await ahead.list()).toEqual([]);
    const replacement = sampleTokenRecord({ bindingKey: record.bindingKey, ttlMs: HOUR_MS });
    expect((await ahead.bind(replacement)).created).toBe(true);
    // From then on both clocks see only the replacement.
    expect(await writer.get(record.bindingKey)).toEqual(replacement);
  });
});

describe('SqliteTokenStore: 16 processes', () => {
  const script = join(__dirname, 'support', 'bind-race-child.cjs');

  async function race(mode: 'open-first' | 'cold'): Promise<void> {
    const bindingKey = randomBindingKey();
    const results = await raceProcesses<BindRaceResult>({
      script,
      args: [file.path, bindingKey, mode],
      processes: RACE_PROCESSES,
    });
    const token = expectOneWinner(results, RACE_PROCESSES);
    expect((await openStore().get(bindingKey))?.token).toBe(token);
  }

  it('binding one key at once on a file they open together: one creates, all see one token', async () => {
    await race('cold');
  });

  it('binding one key at once on an open file: one creates, all see one token', async () => {
    await race('open-first');
  });
});
