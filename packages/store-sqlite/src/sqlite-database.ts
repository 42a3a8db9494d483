/**
 * The part of the `node:sqlite` API the store uses. `node:sqlite`'s
 * `DatabaseSync` and `@photostructure/sqlite`'s `DatabaseSync` both fit it,
 * so either can be handed to the store.
 */

/** A value SQLite can bind to a parameter. */
export type SqliteValue = null | number | bigint | string | Uint8Array;

export interface SqliteRunResult {
  readonly changes: number | bigint;
}

export interface SqliteStatement {
  run(...parameters: SqliteValue[]): SqliteRunResult;
  get(...parameters: SqliteValue[]): unknown;
  all(...parameters: SqliteValue[]): unknown[];
}

export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export interface SqliteOpenOptions {
  /** Busy timeout, ms (how long a statement waits for another process's lock). */
  readonly timeout?: number;
}

/** A `DatabaseSync`-shaped constructor. */
export type SqliteDatabaseConstructor = new (path: string, options?: SqliteOpenOptions) => SqliteDatabase;
