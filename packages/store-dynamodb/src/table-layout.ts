/**
 * The token table's layout: one item per binding, keyed by the binding key.
 * Every attribute has one DynamoDB type (S or N, and M of S for member
 * digests), so a reader can tell a retrysafe item from anything else.
 */

/** Partition key (S): the binding key, a hex SHA-256. The table has no sort key. */
export const PARTITION_KEY = 'pk';
/** Format version (N). Items of a newer version are refused, never rewritten. */
export const FORMAT_VERSION_ATTRIBUTE = 'v';
export const TOKEN_ATTRIBUTE = 'token';
export const FINGERPRINT_ATTRIBUTE = 'fingerprint';
/** Member name to hex digest (M of S). */
export const MEMBER_DIGESTS_ATTRIBUTE = 'memberDigests';
export const STATUS_ATTRIBUTE = 'status';
/** Epoch milliseconds (N). */
export const CREATED_AT_ATTRIBUTE = 'createdAt';
/** Epoch milliseconds (N): the binding is gone from here on. Expiry is judged on this. */
export const EXPIRES_AT_ATTRIBUTE = 'expiresAt';
/** Epoch milliseconds (N). */
export const UPDATED_AT_ATTRIBUTE = 'updatedAt';
/**
 * Epoch SECONDS (N), as DynamoDB's TTL feature requires: garbage collection
 * only. DynamoDB deletes lazily (typically within days), so expiry is never
 * judged on this attribute.
 */
export const TTL_ATTRIBUTE = 'ttl';

/** The version of the item layout this code writes and reads. */
export const ITEM_FORMAT_VERSION = 1;

/**
 * How long after `expiresAt` DynamoDB's TTL may delete an item. DynamoDB
 * deletes on AWS's clock, expiry is judged on the hosts' clocks: the grace
 * keeps a host whose clock is behind from losing a binding it still counts
 * as live.
 */
export const TTL_GRACE_SECONDS = 60 * 60;

export const MS_PER_SECOND = 1000;

/** Every attribute of a version-1 item: a closed set. */
export const ITEM_ATTRIBUTES: readonly string[] = [
  PARTITION_KEY,
  FORMAT_VERSION_ATTRIBUTE,
  TOKEN_ATTRIBUTE,
  FINGERPRINT_ATTRIBUTE,
  MEMBER_DIGESTS_ATTRIBUTE,
  STATUS_ATTRIBUTE,
  CREATED_AT_ATTRIBUTE,
  EXPIRES_AT_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
  TTL_ATTRIBUTE,
];

/**
 * The TTL attribute's value for a binding that expires at `expiresAtMs`: the
 * first whole second after it, plus the grace. (Not `ceil`: it rounds a
 * sub-millisecond expiry down to second 0.)
 */
export function ttlSeconds(expiresAtMs: number): number {
  return Math.floor(expiresAtMs / MS_PER_SECOND) + 1 + TTL_GRACE_SECONDS;
}
