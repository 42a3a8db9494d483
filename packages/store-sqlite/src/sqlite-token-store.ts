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
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
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

export interface SqliteTokenStoreOptions {
  /** Database file (created with its tables when missing). Give this or `database`. */
  readonly path?: string;
  /**
   * An open `node:sqlite` / `@photostructure/sqlite` database to use instead
   * of `path`. The store sets WAL, `synchronous` and the busy timeout on it
   * and adds its tables, but `close()` leaves it open: it stays the caller's.
   */
  readonly database?: SqliteDatabase;
  /** Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
  /** Default 'full'. */
  readonly synchronous?: SqliteSynchronousMode;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

const STORE_NAME = 'sqlite';
/** SQLite's "no limit" for LIMIT. */
const NO_LIMIT = -1;

interface Statements {
  readonly select: SqliteStatement;
  readonly upsert: SqliteStatement;
  readonly update: SqliteStatement;
  readonly remove: SqliteStatement;
  readonly list: SqliteStatement;
  readonly prune: SqliteStatement;
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

  /** Live records in binding-key order. A corrupt row among them throws. */
  async list(options: ListOptions = {}): Promise<TokenRecord[]> {
    const { prefix = '', limit } = options;
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new RangeError(`list limit must be a non-negative integer, got ${String(limit)}`);
    }
    const { statements } = await this.connection('list');
    return this.attempt('list', () => {
      const now = this.now();
      const rows = statements.list.all(prefix, prefix, prefix, now, limit ?? NO_LIMIT);
      return rows
        .map((row) => decodeBindingRow(row, STORE_NAME))
        .filter((record) => !isExpired(record, now));
    });
  }

  /**
   * Deletes expired rows of this format version or older; rows of a newer
   * format belong to a newer retrysafe and are left alone.
   */
  async prune(): Promise<number> {
    const { statements } = await this.connection('prune');
    return this.attempt('prune', () => Number(statements.prune.run(this.now(), TOKEN_RECORD_FORMAT_VERSION).changes));
  }

  /** Closes the file (not a database the caller handed in). Later calls fail with 'unavailable'. */
  async close(): Promise<void> {
    this.closed = true;
    const opened = this.opened;
    this.opened = undefined;
    // An open still under way is closed by the call awaiting it.
    if (opened?.owned) opened.database.close();
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

function prepareStatements(database: SqliteDatabase): Statements {
  const columns = 'binding_key, format_version, expires_at, record';
  return {
    select: database.prepare(`SELECT ${columns} FROM ${BINDINGS_TABLE} WHERE binding_key = ?`),
    upsert: database.prepare(
      `INSERT INTO ${BINDINGS_TABLE} (${columns}) VALUES (?, ?, ?, ?)
       ON CONFLICT (binding_key) DO UPDATE SET
         format_version = excluded.format_version, expires_at = excluded.expires_at, record = excluded.record`,
    ),
    update: database.prepare(`UPDATE ${BINDINGS_TABLE} SET record = ? WHERE binding_key = ?`),
    remove: database.prepare(`DELETE FROM ${BINDINGS_TABLE} WHERE binding_key = ?`),
    // The range start lets the primary key find the prefix; substr() ends it.
    list: database.prepare(
      `SELECT ${columns} FROM ${BINDINGS_TABLE}
       WHERE binding_key >= ? AND substr(binding_key, 1, length(?)) = ? AND expires_at > ?
       ORDER BY binding_key LIMIT ?`,
    ),
    prune: database.prepare(`DELETE FROM ${BINDINGS_TABLE} WHERE expires_at <= ? AND format_version <= ?`),
  };
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
