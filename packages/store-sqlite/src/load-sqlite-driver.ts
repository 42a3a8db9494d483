import type { SqliteDatabaseConstructor } from './sqlite-database.js';

/** Which SQLite binding opened the file. */
export type SqliteDriverName = 'node:sqlite' | '@photostructure/sqlite';

/** The SQLite binding `loadSqliteDriver` picked for this Node. */
export interface SqliteDriver {
  /** Which binding it is. */
  readonly name: SqliteDriverName;
  /** Its `DatabaseSync` class, to open a database with the store's own driver. */
  readonly DatabaseSync: SqliteDatabaseConstructor;
}

interface SqliteModule {
  readonly DatabaseSync?: unknown;
}

/**
 * `node:sqlite` when this Node offers it without a flag (22.13+, 23.4+), else
 * `@photostructure/sqlite`: the same API, prebuilt for Node 20. The fallback
 * is imported only when needed, so a Node that has `node:sqlite` never loads
 * the native addon. On 22.x and 23.x Node prints one ExperimentalWarning for
 * `node:sqlite`.
 */
export async function loadSqliteDriver(): Promise<SqliteDriver> {
  const builtin = builtinSqlite();
  if (builtin !== undefined) return { name: 'node:sqlite', DatabaseSync: builtin };
  const module = (await import('@photostructure/sqlite')) as SqliteModule;
  return { name: '@photostructure/sqlite', DatabaseSync: module.DatabaseSync as SqliteDatabaseConstructor };
}

function builtinSqlite(): SqliteDatabaseConstructor | undefined {
  try {
    // Undefined on Node 20 and, without --experimental-sqlite, on 22.5 to 22.12.
    const module = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
    return typeof module?.DatabaseSync === 'function' ? (module.DatabaseSync as SqliteDatabaseConstructor) : undefined;
  } catch {
    return undefined;
  }
}
