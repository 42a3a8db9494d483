import { checkHmacSecret } from '../tokens/hmac-secret.js';
import { hmacSha256, sha256Hex } from './sha256.js';

/** Hex digest of a canonical encoding: SHA-256, or HMAC-SHA-256 under a secret. */
export type Digest = (text: string) => string;

/**
 * The digest for these options. With a secret, HMAC: a stored digest of a
 * low-entropy value ('t3.micro') cannot be matched by hashing guesses.
 * The secret's bytes are copied: member digests are computed later, and the
 * caller's array could change by then.
 */
export function digestFor(secret: string | Uint8Array | undefined): Digest {
  if (secret === undefined) return sha256Hex;
  return hmacSha256(checkHmacSecret(secret, 'a fingerprint secret'));
}
