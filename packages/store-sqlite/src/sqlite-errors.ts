import { TokenStoreError, type TokenStoreErrorKind } from '@retrysafe/core';

/** SQLite primary result code: another connection holds a lock this statement needs. */
const SQLITE_BUSY = 5;
/** SQLite primary result codes that mean the file itself cannot be trusted. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;
/** Extended result codes carry the primary code in their low byte. */
const PRIMARY_CODE_MASK = 0xff;

interface SqliteErrorFields {
  readonly errcode?: unknown;
  readonly errstr?: unknown;
}

function primaryCode(error: unknown): number | undefined {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SqliteErrorFields;
  return typeof fields.errcode === 'number' ? fields.errcode & PRIMARY_CODE_MASK : undefined;
}

/** A driver error saying the file is locked by another connection (SQLITE_BUSY, any extended code). */
export function isSqliteBusy(error: unknown): boolean {
  return primaryCode(error) === SQLITE_BUSY;
}

/**
 * A driver error as a `TokenStoreError`. A damaged or foreign file is
 * 'corrupt-record' (retrying cannot help); everything else (busy past the
 * timeout, cannot open, I/O, read-only, disk full) is 'unavailable'.
 * Errors that already are `TokenStoreError` pass through.
 */
export function toTokenStoreError(error: unknown, store: string, action: string): TokenStoreError {
  if (error instanceof TokenStoreError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SqliteErrorFields;
  const code = primaryCode(error);
  const kind: TokenStoreErrorKind = code === SQLITE_CORRUPT || code === SQLITE_NOTADB ? 'corrupt-record' : 'unavailable';
  const detail = typeof fields.errstr === 'string' ? fields.errstr : error instanceof Error ? error.message : 'unknown error';
  const message =
    kind === 'corrupt-record'
      ? `token store '${store}' could not ${action}: the database file is damaged or not a retrysafe SQLite file (${detail})`
      : `token store '${store}' could not ${action}: ${detail}`;
  return new TokenStoreError({ store, kind, action, message, cause: error });
}
