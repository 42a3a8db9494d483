import { TOKEN_RECORD_FORMAT_VERSION, type TokenStore } from '@retrysafe/core';
import { describeTokenStoreContract } from '@retrysafe/core/testing';
import { BINDINGS_TABLE, loadSqliteDriver, SqliteTokenStore } from '@retrysafe/store-sqlite';
import { temporarySqliteFile } from '@retrysafe/store-sqlite/testing';

// One file for the whole run, as processes on one host share it; every test
// opens its own store (connection) on it.
const file = temporarySqliteFile();
afterAll(() => file.remove());

describeTokenStoreContract('sqlite', {
  create: async () => new SqliteTokenStore({ path: file.path }),
  writeUnreadable,
});

/** A row whose columns are those of a version-1 record expiring at `expiresAt`, and whose record is not one. */
async function writeUnreadable(store: TokenStore, bindingKey: string, expiresAt: number): Promise<void> {
  // The store makes the tables; the raw connection uses the store's own SQLite library (one set of locks).
  await (store as SqliteTokenStore).open();
  const { DatabaseSync } = await loadSqliteDriver();
  const raw = new DatabaseSync(file.path);
  try {
    raw
      .prepare(`INSERT INTO ${BINDINGS_TABLE} (binding_key, format_version, expires_at, record) VALUES (?, ?, ?, '{}')`)
      .run(bindingKey, TOKEN_RECORD_FORMAT_VERSION, expiresAt);
  } finally {
    raw.close();
  }
}
