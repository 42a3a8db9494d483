/**
 * The part of the `node:sqlite` API the store uses. `node:sqlite`'s
 * `DatabaseSync` and `@photostructure/sqlite`'s `DatabaseSync` both fit it,
 * so either can be handed to the store.
 */

/** A value SQLite can bind to a parameter. */
export type SqliteValue = null | number | bigint | string | Uint8Array;

/** What running a statement that writes reports. */
export interface SqliteRunResult {
  /** Rows the statement inserted, updated or deleted. */
  readonly changes: number | bigint;
}

/** A prepared statement; `?` parameters are bound in order from the arguments. */
export interface SqliteStatement {
  /** Runs the statement for its effect. */
  run(...parameters: SqliteValue[]): SqliteRunResult;
  /** The first result row as an object keyed by column name, or undefined when there is none. */
  get(...parameters: SqliteValue[]): unknown;
  /** Every result row, each an object keyed by column name. */
  all(...parameters: SqliteValue[]): unknown[];
}

/**
 * An open, synchronous SQLite connection: the shape of `DatabaseSync` that
 * the store uses, and what its `database` option takes.
 */
export interface SqliteDatabase {
  /** Runs one or more SQL statements, with no parameters and no result. */
  exec(sql: string): void;
  /** Compiles one SQL statement for repeated use. */
  prepare(sql: string): SqliteStatement;
  /** Closes the connection. */
  close(): void;
}

/** Options a `DatabaseSync` constructor takes, as far as the store sets them. */
export interface SqliteOpenOptions {
  /** Busy timeout, ms (how long a statement waits for another process's lock). */
  readonly timeout?: number;
}

/** A `DatabaseSync`-shaped constructor. */
export type SqliteDatabaseConstructor = new (path: string, options?: SqliteOpenOptions) => SqliteDatabase;
