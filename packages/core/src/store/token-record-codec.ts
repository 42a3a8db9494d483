import { TokenStoreError } from '../errors/index.js';
import type { TokenRecord } from './token-store.js';
import { validateTokenRecord } from './validate-token-record.js';

/**
 * Format version of an encoded record. Version 1 is a closed set of fields:
 * adding one means a new version, so a row with fields this reader does not
 * know is refused as corrupt rather than half understood.
 */
export const TOKEN_RECORD_FORMAT_VERSION = 1;

const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'v',
  'bindingKey',
  'token',
  'fingerprint',
  'memberDigests',
  'status',
  'createdAt',
  'expiresAt',
  'updatedAt',
]);

/** Name used in errors when a caller encodes outside any store. */
const UNNAMED_STORE = 'codec';

/**
 * One record as JSON text for a durable store. The record is checked first,
 * so no store ever writes a row it could not read back. Member digests are
 * written in sorted order: one record, one text.
 */
export function encodeTokenRecord(record: TokenRecord, storeName: string = UNNAMED_STORE): string {
  const valid = validateTokenRecord(record, { store: storeName, action: 'encode' });
  const memberDigests = Object.fromEntries(
    Object.entries(valid.memberDigests).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({
    v: TOKEN_RECORD_FORMAT_VERSION,
    bindingKey: valid.bindingKey,
    token: valid.token,
    fingerprint: valid.fingerprint,
    memberDigests,
    status: valid.status,
    createdAt: valid.createdAt,
    expiresAt: valid.expiresAt,
    updatedAt: valid.updatedAt,
  });
}

/**
 * The record in a stored row, checked field by field. Throws `TokenStoreError`
 * kind 'corrupt-record' for anything that is not a version-1 record (not
 * JSON, missing, mistyped or unknown fields) and kind 'unsupported-version'
 * for a row written by a newer retrysafe. Never returns undefined: a row
 * that cannot be read is not an absent binding.
 */
export function decodeTokenRecord(text: string, storeName: string): TokenRecord {
  const corrupt = (reason: string, cause?: unknown): TokenStoreError =>
    new TokenStoreError({
      store: storeName,
      kind: 'corrupt-record',
      action: 'decode',
      message: `token store '${storeName}' holds a corrupt token record: ${reason}`,
      cause,
    });

  if (typeof text !== 'string') throw corrupt('the stored value is not text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw corrupt('not JSON', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw corrupt('not a JSON object');

  const row = parsed as Record<string, unknown>;
  const version = row.v;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < TOKEN_RECORD_FORMAT_VERSION) {
    throw corrupt("'v' is not a known format version");
  }
  if (version > TOKEN_RECORD_FORMAT_VERSION) {
    throw new TokenStoreError({
      store: storeName,
      kind: 'unsupported-version',
      action: 'decode',
      message:
        `token store '${storeName}' holds a version ${version} token record; ` +
        `this retrysafe reads version ${TOKEN_RECORD_FORMAT_VERSION}. Upgrade retrysafe on this host.`,
    });
  }
  const unknown = Object.keys(row).filter((field) => !RECORD_FIELDS.has(field));
  if (unknown.length > 0) throw corrupt(`unknown field(s) for version ${TOKEN_RECORD_FORMAT_VERSION}`);

  const { v: _version, ...fields } = row;
  return validateTokenRecord(fields, { store: storeName, action: 'decode' });
}
