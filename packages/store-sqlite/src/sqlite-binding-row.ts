import { decodeTokenRecord, TOKEN_RECORD_FORMAT_VERSION, TokenStoreError, type TokenRecord } from '@retrysafe/core';

/** One row of `retrysafe_token_bindings` as the driver returns it. */
interface BindingRow {
  readonly binding_key?: unknown;
  readonly format_version?: unknown;
  readonly expires_at?: unknown;
  readonly record?: unknown;
}

/**
 * The record in a row, read strictly: a newer format version is refused
 * before its JSON is parsed, the JSON goes through the core codec, and the
 * indexed columns must agree with it (a row whose columns disagree was not
 * written by this store). `bindingKey`, when given, is the key the row was
 * looked up by. Never returns undefined for a row that exists. Integer
 * columns beyond JavaScript's safe integers must be read as NULL: they are
 * 'corrupt-record' too.
 */
export function decodeBindingRow(row: unknown, store: string, bindingKey?: string): TokenRecord {
  const fields = row as BindingRow;
  const version = fields.format_version;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > TOKEN_RECORD_FORMAT_VERSION) {
    throw new TokenStoreError({
      store,
      kind: 'unsupported-version',
      action: 'decode',
      message:
        `token store '${store}' holds a version ${version} token record; ` +
        `this retrysafe reads version ${TOKEN_RECORD_FORMAT_VERSION}. Upgrade retrysafe on this host.`,
    });
  }
  if (typeof fields.record !== 'string') throw corrupt(store, "the 'record' column is not text");
  const record = decodeTokenRecord(fields.record, store);
  // The store reads an integer column beyond the safe range as NULL (see READ_COLUMNS).
  for (const column of ['format_version', 'expires_at'] as const) {
    if (fields[column] === null) throw corrupt(store, `the '${column}' column is not a safe integer`);
  }
  if (version !== TOKEN_RECORD_FORMAT_VERSION) throw corrupt(store, "the 'format_version' column disagrees with the record");
  if (fields.binding_key !== record.bindingKey || (bindingKey !== undefined && bindingKey !== record.bindingKey)) {
    throw corrupt(store, 'the row is filed under another binding key than its record names');
  }
  if (fields.expires_at !== record.expiresAt) throw corrupt(store, "the 'expires_at' column disagrees with the record");
  return record;
}

function corrupt(store: string, reason: string): TokenStoreError {
  return new TokenStoreError({
    store,
    kind: 'corrupt-record',
    action: 'decode',
    message: `token store '${store}' holds a corrupt token record: ${reason}`,
  });
}
