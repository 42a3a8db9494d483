// @retrysafe/store-sqlite: the whole public face.
export {
  DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
  SqliteTokenStore,
  type SqliteSynchronousMode,
  type SqliteTokenStoreOptions,
} from './sqlite-token-store.js';
export { loadSqliteDriver, type SqliteDriver, type SqliteDriverName } from './load-sqlite-driver.js';
export type {
  SqliteDatabase,
  SqliteDatabaseConstructor,
  SqliteOpenOptions,
  SqliteRunResult,
  SqliteStatement,
  SqliteValue,
} from './sqlite-database.js';
export { BINDINGS_TABLE, META_TABLE, SQLITE_SCHEMA_VERSION } from './sqlite-schema.js';
