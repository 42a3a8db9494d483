/**
 * What a well-formed token record holds, field by field. Stores check every
 * record against these rules before writing it and after reading it, so a
 * foreign or damaged row is refused instead of being taken for "no binding"
 * (which would mint a second token for one key).
 */
import type { BindingStatus } from './token-store.js';

/** The longest token any AWS token member accepts. */
export const MAX_TOKEN_LENGTH = 4096;
/** Longer than any AWS member name; a guard against foreign data, not a format limit. */
export const MAX_MEMBER_NAME_LENGTH = 256;

export const BINDING_STATUSES: readonly BindingStatus[] = ['pending', 'succeeded', 'failed'];

/** Lowercase hex of 16 to 64 bytes (MD5-sized up to SHA-512-sized digests). */
const HEX_DIGEST = /^(?:[0-9a-f]{2}){16,64}$/;
/** Printable ASCII (space to tilde): what AWS accepts in a token. */
const TOKEN_PATTERN = new RegExp(`^[\\x20-\\x7e]{1,${MAX_TOKEN_LENGTH}}$`);
const MEMBER_NAME_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${MAX_MEMBER_NAME_LENGTH}}$`);

export function isHexDigest(value: unknown): value is string {
  return typeof value === 'string' && HEX_DIGEST.test(value);
}

export function isValidToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/**
 * Whether a top-level input member's name can be kept in a record (its
 * member digest is filed under it): 1 to 256 printable ASCII characters, no
 * space. Every AWS model member name is.
 */
export function isValidMemberName(value: string): boolean {
  return MEMBER_NAME_PATTERN.test(value);
}

export function isBindingStatus(value: unknown): value is BindingStatus {
  return (BINDING_STATUSES as readonly unknown[]).includes(value);
}

/**
 * Epoch milliseconds: a safe integer, not before 1970. Past
 * `Number.MAX_SAFE_INTEGER` a number no longer names one millisecond, and a
 * store cannot promise to read back the value it wrote (SQLite refuses to
 * hand such an INTEGER to JavaScript at all).
 */
export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
