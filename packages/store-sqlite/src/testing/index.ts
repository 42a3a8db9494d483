// @retrysafe/store-sqlite/testing: helpers for tests that use a SQLite token store.
export { temporarySqliteFile, type TemporarySqliteFile } from './temporary-sqlite-file.js';
