import {
  encodeTokenRecord,
  freezeTokenRecord,
  isExpired,
  TOKEN_RECORD_FORMAT_VERSION,
  TokenStoreError,
  validateTokenRecord,
  type BindingStatus,
  type BindResult,
  type ListOptions,
  type TokenRecord,
  type TokenStore,
} from '@retrysafe/core';
import { retryWhileBusy } from './busy-retry.js';
import { loadSqliteDriver } from './load-sqlite-driver.js';
import { decodeBindingRow } from './sqlite-binding-row.js';
import type { SqliteDatabase, SqliteStatement, SqliteValue } from './sqlite-database.js';
import { toTokenStoreError } from './sqlite-errors.js';
import { BINDINGS_TABLE, ensureSchema } from './sqlite-schema.js';

/**
 * How long a statement waits for another process's write lock before failing
 * with 'unavailable'. Binds hold the lock for well under a millisecond, so
 * this covers hundreds of processes binding at once.
 */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * 'full' (default): every committed bind is on disk before the request leaves,
 * so a power cut cannot forget a token AWS has already seen. 'normal': in WAL
 * mode survives process crashes (SIGKILL) but may lose the last bindings on a
 * power cut or OS crash; faster.
 */
export type SqliteSynchronousMode = 'full' | 'normal';

/** Options of `SqliteTokenStore`: exactly one of `path` and `database`, the rest optional. */
export interface SqliteTokenStoreOptions {
  /** Database file (created with its tables when missing). Give this or `database`. */
  readonly path?: string;
  /**
   * An open `node:sqlite` / `@photostructure/sqlite` database to use instead
   * of `path`. The store sets WAL, `synchronous` and the busy timeout on it
   * and adds its tables, but `close()` leaves it open: it stays the caller's.
   */
  readonly database?: SqliteDatabase;
  /**
   * How long a call waits for another process's write lock, ms, before
   * failing with 'unavailable'; a non-negative integer. Default 5,000
   * (`DEFAULT_SQLITE_BUSY_TIMEOUT_MS`).
   */
  readonly busyTimeoutMs?: number;
  /** SQLite's `synchronous` pragma, durability against speed. Default 'full'. */
  readonly synchronous?: SqliteSynchronousMode;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

const STORE_NAME = 'sqlite';
/**
 * Rows `list` reads per query, and `prune` per write transaction: bounds
 * memory on a large file, and how long prune holds the write lock that
 * binds wait for.
 */
const PAGE_ROWS = 500;

interface Statements {
  readonly select: SqliteStatement;
  readonly upsert: SqliteStatement;
  readonly update: SqliteStatement;
  readonly remove: SqliteStatement;
  /** A page of rows under a prefix, after a key (null: from the start), in key order. */
  readonly listPage: SqliteStatement;
  /** A page of rows whose expiry column has passed, after a key, in key order. */
  readonly expiredPage: SqliteStatement;
}

/** One page of prune's work. */
interface PrunedPage {
  readonly deleted: number;
  /** The last key read, where the next page starts; undefined when this was the last page. */
  readonly nextAfter: SqliteValue | undefined;
}

interface OpenDatabase {
  readonly database: SqliteDatabase;
  readonly statements: Statements;
  /** Whether `close()` closes the database (false for a caller's database). */
  readonly owned: boolean;
}

/**
 * Bindings in one SQLite file, shared by every process on the host and kept
 * across restarts. The file is opened on first use (or by `open()`); a
 * failed open is retried by the next call, so a store outlives a missing
 * directory or a locked file.
 *
 * Every check-and-set runs in one `BEGIN IMMEDIATE` transaction: the write
 * lock is taken before the read, so processes binding one key at once are
 * serialised by SQLite and exactly one creates the record. The driver is
 * synchronous; a call blocks the event loop while it waits for the lock (at
 * most `busyTimeoutMs`).
 *
 * Expiry follows this store's clock (`now`) and the record's `expiresAt`
 * alone, the same rule for bind, get, list and prune, so an expired binding
 * is absent everywhere and never causes a mismatch. A record stamped in this
 * clock's future (the clock stepped back) is live, never refused.
 */
export class SqliteTokenStore implements TokenStore {
  readonly name = STORE_NAME;
  private readonly options: SqliteTokenStoreOptions;
  private readonly busyTimeoutMs: number;
  private readonly now: () => number;
  private opened?: OpenDatabase;
  private opening?: Promise<OpenDatabase>;
  private closed = false;

  constructor(options: SqliteTokenStoreOptions) {
    if ((options.path === undefined) === (options.database === undefined)) {
      throw new TypeError('SqliteTokenStore needs exactly one of `path` and `database`');
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`SqliteTokenStore busyTimeoutMs must be a non-negative integer, got ${String(busyTimeoutMs)}`);
    }
    const synchronous = options.synchronous ?? 'full';
    if (synchronous !== 'full' && synchronous !== 'normal') {
      throw new RangeError(`SqliteTokenStore synchronous must be 'full' or 'normal', got ${String(synchronous)}`);
    }
    this.options = options;
    this.busyTimeoutMs = busyTimeoutMs;
    this.now = options.now ?? Date.now;
  }

  /** Opens the file and checks its schema now rather than on first use. */
  async open(): Promise<void> {
    await this.connection('open');
  }

  async bind(record: TokenRecord): Promise<BindResult> {
    const candidate = validateTokenRecord(record, { store: STORE_NAME, action: 'bind' });
    const text = encodeTokenRecord(candidate, STORE_NAME);
    return this.transaction('bind', ({ statements }) => {
      const existing = this.live(statements, candidate.bindingKey, this.now());
      if (existing !== undefined) return { record: existing, created: false };
      statements.upsert.run(candidate.bindingKey, TOKEN_RECORD_FORMAT_VERSION, candidate.expiresAt, text);
      return { record: candidate, created: true };
    });
  }

  async get(bindingKey: string): Promise<TokenRecord | undefined> {
    const { statements } = await this.connection('get');
    return this.attempt('get', () => this.live(statements, bindingKey, this.now()));
  }

  async complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void> {
    await this.transaction('complete', ({ statements }) => {
      const now = this.now();
      const record = this.live(statements, bindingKey, now);
      if (record === undefined || record.token !== token) return;
      const completed = freezeTokenRecord({ ...record, status, updatedAt: now });
      statements.update.run(encodeTokenRecord(completed, STORE_NAME), bindingKey);
    });
  }

  async delete(bindingKey: string): Promise<void> {
    const { statements } = await this.connection('delete');
    this.attempt('delete', () => statements.remove.run(bindingKey));
  }

  /**
   * Live records in binding-key order. A row that cannot be read throws
   * (`'corrupt-record'` or `'unsupported-version'`), even when its expiry
   * column says it has expired: expiry is judged on the decoded record, so
   * a damaged row is reported, never skipped as expired.
   */
  async list(options: ListOptions = {}): Promise<TokenRecord[]> {
    const { prefix = '', limit = Number.POSITIVE_INFINITY } = options;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new RangeError(`list limit must be a non-negative integer, got ${String(limit)}`);
    }
    const { statements } = await this.connection('list');
    return this.attempt('list', () => {
      const now = this.now();
      const found: TokenRecord[] = [];
      let after: SqliteValue = null;
      while (found.length < limit) {
        const rows = statements.listPage.all(prefix, prefix, prefix, after, after, PAGE_ROWS);
        for (const row of rows) {
          const record = decodeBindingRow(row, STORE_NAME);
          if (!isExpired(record, now) && found.length < limit) found.push(record);
        }
        if (rows.length < PAGE_ROWS) break;
        after = rowKey(rows.at(-1));
      }
      return found;
    });
  }

  /**
   * Deletes the rows that decode as expired records and returns how many
   * went. A row that cannot be read (corrupt, foreign, a newer format) is
   * kept whatever its expiry column says: deleting it would let the next
   * bind make a second token for its key. Such a row keeps making `get`,
   * `bind` and `list` throw until someone looks at it. Works in pages, one
   * write transaction each, so binds wait for at most one page.
   */
  async prune(): Promise<number> {
    let pruned = 0;
    let after: SqliteValue = null;
    for (;;) {
      const page: PrunedPage = await this.transaction('prune', ({ statements }) => this.prunePage(statements, after));
      pruned += page.deleted;
      if (page.nextAfter === undefined) return pruned;
      after = page.nextAfter;
    }
  }

  /** Closes the file (not a database the caller handed in). Later calls fail with 'unavailable'. */
  async close(): Promise<void> {
    this.closed = true;
    const opened = this.opened;
    this.opened = undefined;
    // An open still under way is closed by the call awaiting it.
    if (opened?.owned) opened.database.close();
  }

  /** Deletes the expired, readable rows of one page of candidates (inside prune's transaction). */
  private prunePage(statements: Statements, after: SqliteValue): PrunedPage {
    const now = this.now();
    // The expiry column only picks candidates; each is decoded before it goes.
    const rows = statements.expiredPage.all(now, TOKEN_RECORD_FORMAT_VERSION, after, after, PAGE_ROWS);
    let deleted = 0;
    for (const row of rows) {
      if (!decodesAsExpired(row, now)) continue;
      statements.remove.run(rowKey(row));
      deleted += 1;
    }
    return { deleted, nextAfter: rows.length < PAGE_ROWS ? undefined : rowKey(rows.at(-1)) };
  }

  /** The unexpired record for a key; a row that cannot be read throws. */
  private live(statements: Statements, bindingKey: string, now: number): TokenRecord | undefined {
    const row = statements.select.get(bindingKey);
    if (row === undefined) return undefined;
    const record = decodeBindingRow(row, STORE_NAME, bindingKey);
    return isExpired(record, now) ? undefined : record;
  }

  /** Runs `work` in one BEGIN IMMEDIATE transaction, committed only if it returns. */
  private async transaction<T>(action: string, work: (opened: OpenDatabase) => T): Promise<T> {
    const opened = await this.connection(action);
    return this.attempt(action, () => {
      opened.database.exec('BEGIN IMMEDIATE');
      try {
        const result = work(opened);
        opened.database.exec('COMMIT');
        return result;
      } catch (error) {
        rollback(opened.database);
        throw error;
      }
    });
  }

  /** Runs driver calls, turning their errors into `TokenStoreError`. */
  private attempt<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw toTokenStoreError(error, STORE_NAME, action);
    }
  }

  private async connection(action: string): Promise<OpenDatabase> {
    if (this.closed) throw closedError(action);
    if (this.opened !== undefined) return this.opened;
    // One open at a time; a failed one is forgotten, so the next call tries again.
    this.opening ??= this.openDatabase().finally(() => {
      this.opening = undefined;
    });
    let opened: OpenDatabase;
    try {
      opened = await this.opening;
    } catch (error) {
      throw toTokenStoreError(error, STORE_NAME, action);
    }
    if (this.closed) {
      if (opened.owned) closeQuietly(opened.database);
      throw closedError(action);
    }
    this.opened = opened;
    return opened;
  }

  private async openDatabase(): Promise<OpenDatabase> {
    const given = this.options.database;
    let database: SqliteDatabase;
    if (given !== undefined) {
      database = given;
    } else {
      const { DatabaseSync } = await loadSqliteDriver();
      database = new DatabaseSync(this.options.path as string, { timeout: this.busyTimeoutMs });
    }
    try {
      // The busy timeout first: the pragmas and the schema below may wait for locks.
      database.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
      // The one statement here SQLite may answer with SQLITE_BUSY at once (see retryWhileBusy).
      await retryWhileBusy(() => database.prepare('PRAGMA journal_mode = WAL').get(), this.busyTimeoutMs);
      database.exec(`PRAGMA synchronous = ${(this.options.synchronous ?? 'full').toUpperCase()}`);
      database.exec('BEGIN IMMEDIATE');
      try {
        ensureSchema(database, STORE_NAME);
        database.exec('COMMIT');
      } catch (error) {
        rollback(database);
        throw error;
      }
      return { database, statements: prepareStatements(database), owned: given === undefined };
    } catch (error) {
      if (given === undefined) closeQuietly(database);
      throw error;
    }
  }
}

function closedError(action: string): TokenStoreError {
  return new TokenStoreError({
    store: STORE_NAME,
    kind: 'unavailable',
    action,
    message: `token store '${STORE_NAME}' is closed`,
  });
}

/**
 * The integer columns as read: a value beyond JavaScript's safe integers
 * reads as NULL. The driver would throw on it instead ("too large to be
 * represented"), which would surface as 'unavailable', a retryable outage;
 * as NULL the row check refuses the row as 'corrupt-record'.
 */
function safeInteger(column: string): string {
  return `CASE WHEN ${column} BETWEEN ${-Number.MAX_SAFE_INTEGER} AND ${Number.MAX_SAFE_INTEGER} THEN ${column} END AS ${column}`;
}

const READ_COLUMNS = `binding_key, ${safeInteger('format_version')}, ${safeInteger('expires_at')}, record`;
/** Keyset paging: `? IS NULL` starts at the beginning, else after the last key read. */
const AFTER_KEY = '(? IS NULL OR binding_key > ?)';

function prepareStatements(database: SqliteDatabase): Statements {
  const columns = 'binding_key, format_version, expires_at, record';
  return {
    select: database.prepare(`SELECT ${READ_COLUMNS} FROM ${BINDINGS_TABLE} WHERE binding_key = ?`),
    upsert: database.prepare(
      `INSERT INTO ${BINDINGS_TABLE} (${columns}) VALUES (?, ?, ?, ?)
       ON CONFLICT (binding_key) DO UPDATE SET
         format_version = excluded.format_version, expires_at = excluded.expires_at, record = excluded.record`,
    ),
    update: database.prepare(`UPDATE ${BINDINGS_TABLE} SET record = ? WHERE binding_key = ?`),
    remove: database.prepare(`DELETE FROM ${BINDINGS_TABLE} WHERE binding_key = ?`),
    // The range start lets the primary key find the prefix; substr() ends it.
    // No filter on expires_at: expiry is judged on the decoded record.
    listPage: database.prepare(
      `SELECT ${READ_COLUMNS} FROM ${BINDINGS_TABLE}
       WHERE binding_key >= ? AND substr(binding_key, 1, length(?)) = ? AND ${AFTER_KEY}
       ORDER BY binding_key LIMIT ?`,
    ),
    // Rows of a newer format belong to a newer retrysafe: never candidates.
    expiredPage: database.prepare(
      `SELECT ${READ_COLUMNS} FROM ${BINDINGS_TABLE}
       WHERE expires_at <= ? AND format_version <= ? AND ${AFTER_KEY}
       ORDER BY binding_key LIMIT ?`,
    ),
  };
}

/** Whether a row holds a readable record that has expired by `now`; an unreadable row is not. */
function decodesAsExpired(row: unknown, now: number): boolean {
  try {
    return isExpired(decodeBindingRow(row, STORE_NAME), now);
  } catch (error) {
    if (error instanceof TokenStoreError) return false;
    throw error;
  }
}

/**
 * A row's primary key as SQLite holds it, where the next page starts and
 * what prune deletes. Kept as read, not made text: a foreign BLOB key
 * compared as its text form would bring its page back again.
 */
function rowKey(row: unknown): SqliteValue {
  return (row as { binding_key: SqliteValue }).binding_key;
}

/** Ends a failed transaction; SQLite may already have rolled it back itself. */
function rollback(database: SqliteDatabase): void {
  try {
    database.exec('ROLLBACK');
  } catch {
    // No transaction left to roll back.
  }
}

function closeQuietly(database: SqliteDatabase): void {
  try {
    database.close();
  } catch {
    // Already unusable; the open error is the one worth reporting.
  }
}
