import { TokenStoreError } from '../errors/index.js';
import { withMemberDigests, type TokenRecordFields } from './token-record.js';
import {
  BINDING_STATUSES,
  isBindingStatus,
  isHexDigest,
  isTimestamp,
  isValidMemberName,
  isValidToken,
  MAX_TOKEN_LENGTH,
} from './token-record-rules.js';
import type { TokenRecord } from './token-store.js';

/** Which store checked the record, and while doing what. */
export interface RecordCheckContext {
  readonly store: string;
  /** bind, get, decode, encode, ... */
  readonly action: string;
}

/**
 * Checks every field of a record (types, hex digests, status, safe-integer
 * timestamps, printable-ASCII token) and returns a deep-frozen copy holding
 * exactly those fields. Anything else throws `TokenStoreError` kind
 * 'corrupt-record'; the message names the field, never its value (a foreign
 * row may hold anything).
 *
 * Each field is read once, into the copy that is then checked: a getter
 * cannot show the check one value and the store another.
 */
export function validateTokenRecord(value: unknown, context: RecordCheckContext): TokenRecord {
  const copy = copyFields(value);
  const reason = findDefect(copy);
  if (reason !== undefined) {
    throw new TokenStoreError({
      store: context.store,
      kind: 'corrupt-record',
      action: context.action,
      message: `token store '${context.store}' met an invalid token record while trying to ${context.action}: ${reason}`,
    });
  }
  const record = copy as TokenRecord;
  Object.freeze(record.memberDigests);
  return Object.freeze(record);
}

/** The record's fields, read once each (member digests copied too); anything else as it is. */
function copyFields(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const digests = value.memberDigests;
  // A spread defines `__proto__` as a plain member, like every other name.
  return withMemberDigests(value as unknown as TokenRecordFields, isPlainObject(digests) ? { ...digests } : digests);
}

/** Why the value is not a token record, or undefined when it is one. */
function findDefect(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not an object';
  if (!isHexDigest(value.bindingKey)) return "'bindingKey' is not a lowercase hex digest";
  if (!isValidToken(value.token)) return `'token' is not 1 to ${MAX_TOKEN_LENGTH} printable ASCII characters`;
  if (!isHexDigest(value.fingerprint)) return "'fingerprint' is not a lowercase hex digest";
  const digests = value.memberDigests;
  if (!isPlainObject(digests)) return "'memberDigests' is not an object";
  for (const member of Object.keys(digests)) {
    if (!isValidMemberName(member)) return "'memberDigests' has a member name that is not printable ASCII";
    if (!isHexDigest(digests[member])) return "'memberDigests' has a value that is not a lowercase hex digest";
  }
  if (!isBindingStatus(value.status)) return `'status' is not one of ${BINDING_STATUSES.join(', ')}`;
  for (const field of ['createdAt', 'expiresAt', 'updatedAt'] as const) {
    if (!isTimestamp(value[field])) return `'${field}' is not a non-negative safe integer of epoch milliseconds`;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
