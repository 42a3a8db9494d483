import { TokenStoreError } from '@retrysafe/core';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * The store's tables. Names carry a `retrysafe_` prefix so the store can
 * share a database file with an application's own tables.
 *
 *     retrysafe_meta (name TEXT PRIMARY KEY, value INTEGER)
 *       'schema_version' -> SQLITE_SCHEMA_VERSION
 *
 *     retrysafe_token_bindings
 *       binding_key    TEXT PRIMARY KEY  hex SHA-256 from `bindingKey`
 *       format_version INTEGER           the record's codec version (`v`)
 *       expires_at     INTEGER           epoch ms; indexed, for prune and list
 *       record         TEXT              the record as `encodeTokenRecord` JSON
 *
 * The record is kept whole as the codec's JSON (one strict reader for every
 * store); the columns beside it are copies for indexing, checked against the
 * JSON on every read.
 */
export const BINDINGS_TABLE = 'retrysafe_token_bindings';
/** The store's metadata table (name to integer value); holds the schema version. See `BINDINGS_TABLE` for the layout. */
export const META_TABLE = 'retrysafe_meta';

/** Layout version of the tables above; a newer file is refused, never rewritten. */
export const SQLITE_SCHEMA_VERSION = 1;
const SCHEMA_VERSION_NAME = 'schema_version';

const CREATE_META = `CREATE TABLE IF NOT EXISTS ${META_TABLE} (
  name TEXT PRIMARY KEY NOT NULL,
  value INTEGER NOT NULL
) WITHOUT ROWID`;

const CREATE_BINDINGS = `CREATE TABLE IF NOT EXISTS ${BINDINGS_TABLE} (
  binding_key TEXT PRIMARY KEY NOT NULL,
  format_version INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  record TEXT NOT NULL
) WITHOUT ROWID`;

const CREATE_EXPIRY_INDEX = `CREATE INDEX IF NOT EXISTS ${BINDINGS_TABLE}_expires_at ON ${BINDINGS_TABLE} (expires_at)`;

/**
 * Creates the tables in a new file, or checks the version of an existing
 * one. Runs inside the caller's write transaction, so processes opening one
 * new file at once create it once.
 */
export function ensureSchema(database: SqliteDatabase, store: string): void {
  database.exec(CREATE_META);
  const row = database.prepare(`SELECT value FROM ${META_TABLE} WHERE name = ?`).get(SCHEMA_VERSION_NAME);
  const found = row === undefined ? undefined : (row as { value?: unknown }).value;
  if (found === undefined) {
    database.exec(CREATE_BINDINGS);
    database.exec(CREATE_EXPIRY_INDEX);
    database.prepare(`INSERT INTO ${META_TABLE} (name, value) VALUES (?, ?)`).run(SCHEMA_VERSION_NAME, SQLITE_SCHEMA_VERSION);
    return;
  }
  if (typeof found !== 'number' || !Number.isSafeInteger(found) || found < SQLITE_SCHEMA_VERSION) {
    throw new TokenStoreError({
      store,
      kind: 'corrupt-record',
      action: 'open',
      message: `token store '${store}': ${META_TABLE}.${SCHEMA_VERSION_NAME} is not a known schema version`,
    });
  }
  if (found > SQLITE_SCHEMA_VERSION) {
    throw new TokenStoreError({
      store,
      kind: 'unsupported-version',
      action: 'open',
      message:
        `token store '${store}': the database has schema version ${found}; ` +
        `this retrysafe reads version ${SQLITE_SCHEMA_VERSION}. Upgrade retrysafe on this host.`,
    });
  }
}
