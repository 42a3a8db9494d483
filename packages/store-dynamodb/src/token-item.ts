import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TokenStoreError, validateTokenRecord, type TokenRecord } from '@retrysafe/core';
import {
  CREATED_AT_ATTRIBUTE,
  EXPIRES_AT_ATTRIBUTE,
  FINGERPRINT_ATTRIBUTE,
  FORMAT_VERSION_ATTRIBUTE,
  ITEM_ATTRIBUTES,
  ITEM_FORMAT_VERSION,
  MEMBER_DIGESTS_ATTRIBUTE,
  PARTITION_KEY,
  STATUS_ATTRIBUTE,
  TOKEN_ATTRIBUTE,
  TTL_ATTRIBUTE,
  ttlSeconds,
  UPDATED_AT_ATTRIBUTE,
} from './table-layout.js';

export type TokenItem = Record<string, AttributeValue>;

/** A DynamoDB number as it comes back: plain decimal text, nothing else. */
const DECIMAL_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(ITEM_ATTRIBUTES);

/** The item for a record the caller has already validated. */
export function encodeTokenItem(record: TokenRecord): TokenItem {
  // fromEntries, not assignment: a member named '__proto__' stays a plain key.
  const memberDigests: Record<string, AttributeValue> = Object.fromEntries(
    Object.entries(record.memberDigests).map(([member, digest]) => [member, { S: digest }]),
  );
  return {
    [PARTITION_KEY]: { S: record.bindingKey },
    [FORMAT_VERSION_ATTRIBUTE]: { N: String(ITEM_FORMAT_VERSION) },
    [TOKEN_ATTRIBUTE]: { S: record.token },
    [FINGERPRINT_ATTRIBUTE]: { S: record.fingerprint },
    [MEMBER_DIGESTS_ATTRIBUTE]: { M: memberDigests },
    [STATUS_ATTRIBUTE]: { S: record.status },
    [CREATED_AT_ATTRIBUTE]: { N: String(record.createdAt) },
    [EXPIRES_AT_ATTRIBUTE]: { N: String(record.expiresAt) },
    [UPDATED_AT_ATTRIBUTE]: { N: String(record.updatedAt) },
    [TTL_ATTRIBUTE]: { N: String(ttlSeconds(record.expiresAt)) },
  };
}

/**
 * The record in a stored item, checked attribute by attribute. Throws
 * `TokenStoreError` kind 'unsupported-version' for an item of a newer
 * format and 'corrupt-record' for anything else that is not a version-1
 * item (missing, mistyped or unknown attributes, a foreign item). Never
 * returns undefined: an item that cannot be read is not an absent binding.
 * Messages name attributes, never their values.
 */
export function decodeTokenItem(item: TokenItem, store: string, action: string): TokenRecord {
  const corrupt = (reason: string): TokenStoreError =>
    new TokenStoreError({
      store,
      kind: 'corrupt-record',
      action,
      message: `token store '${store}' holds an item that is not a retrysafe token record (while trying to ${action}): ${reason}`,
    });

  const version = readNumber(item[FORMAT_VERSION_ATTRIBUTE]);
  if (version === undefined || !Number.isSafeInteger(version) || version < ITEM_FORMAT_VERSION) {
    throw corrupt(`'${FORMAT_VERSION_ATTRIBUTE}' is not a known format version`);
  }
  if (version > ITEM_FORMAT_VERSION) {
    throw new TokenStoreError({
      store,
      kind: 'unsupported-version',
      action,
      message:
        `token store '${store}' holds a version ${version} token item; ` +
        `this retrysafe reads version ${ITEM_FORMAT_VERSION}. Upgrade retrysafe on this host.`,
    });
  }

  const unknown = Object.keys(item).filter((name) => !KNOWN_ATTRIBUTES.has(name));
  if (unknown.length > 0) throw corrupt(`unknown attribute(s) for version ${ITEM_FORMAT_VERSION}`);
  if (readNumber(item[TTL_ATTRIBUTE]) === undefined) throw corrupt(`'${TTL_ATTRIBUTE}' is not a number (N)`);

  const fields: Record<string, unknown> = {};
  for (const [field, attribute] of [
    ['bindingKey', PARTITION_KEY],
    ['token', TOKEN_ATTRIBUTE],
    ['fingerprint', FINGERPRINT_ATTRIBUTE],
    ['status', STATUS_ATTRIBUTE],
  ] as const) {
    const text = readString(item[attribute]);
    if (text === undefined) throw corrupt(`'${attribute}' is not a string (S)`);
    fields[field] = text;
  }
  for (const attribute of [CREATED_AT_ATTRIBUTE, EXPIRES_AT_ATTRIBUTE, UPDATED_AT_ATTRIBUTE] as const) {
    const value = readNumber(item[attribute]);
    if (value === undefined) throw corrupt(`'${attribute}' is not a number (N)`);
    fields[attribute] = value;
  }
  const digests = readStringMap(item[MEMBER_DIGESTS_ATTRIBUTE]);
  if (digests === undefined) throw corrupt(`'${MEMBER_DIGESTS_ATTRIBUTE}' is not a map (M) of strings (S)`);
  fields.memberDigests = digests;

  return validateTokenRecord(fields, { store, action });
}

function readString(value: AttributeValue | undefined): string | undefined {
  return hasOnlyType(value, 'S') && typeof value.S === 'string' ? value.S : undefined;
}

function readNumber(value: AttributeValue | undefined): number | undefined {
  if (!hasOnlyType(value, 'N') || typeof value.N !== 'string' || !DECIMAL_NUMBER.test(value.N)) return undefined;
  const parsed = Number(value.N);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function readStringMap(value: AttributeValue | undefined): Record<string, string> | undefined {
  if (!hasOnlyType(value, 'M') || typeof value.M !== 'object' || value.M === null) return undefined;
  const entries: [string, string][] = [];
  for (const [name, entry] of Object.entries(value.M)) {
    const text = readString(entry);
    if (text === undefined) return undefined;
    entries.push([name, text]);
  }
  // fromEntries, not assignment: a member named '__proto__' stays a plain key.
  return Object.fromEntries(entries);
}

/** An attribute value carrying exactly one type tag, the expected one. */
function hasOnlyType(value: AttributeValue | undefined, type: 'S' | 'N' | 'M'): value is AttributeValue {
  if (typeof value !== 'object' || value === null) return false;
  const tags = Object.entries(value).filter(([, tagged]) => tagged !== undefined);
  return tags.length === 1 && tags[0]?.[0] === type;
}
