import * as crypto from 'node:crypto';
import { checkHmacSecret } from '../tokens/hmac-secret.js';

const ALGORITHM = 'sha256';
const HEX = 'hex';

/** Hex digest of a canonical encoding: SHA-256, or HMAC-SHA-256 under a secret. */
export type Digest = (text: string) => string;

type OneShotHash = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex') => string;
/** `crypto.hash` (Node 20.12+) skips the Hash object, several times faster for short texts. */
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

/** Hex SHA-256 of a text (as UTF-8) or of bytes. */
export const sha256Hex: (data: string | Uint8Array) => string =
  oneShotHash === undefined
    ? (data) => crypto.createHash(ALGORITHM).update(data).digest(HEX)
    : (data) => oneShotHash(ALGORITHM, data, HEX);

/**
 * The digest for these options. With a secret, HMAC: a stored digest of a
 * low-entropy value ('t3.micro') cannot be matched by hashing guesses.
 */
export function digestFor(secret: string | Uint8Array | undefined): Digest {
  if (secret === undefined) return sha256Hex;
  checkHmacSecret(secret, 'a fingerprint secret');
  // A raw key is cheaper here than a KeyObject (made once per fingerprint).
  // Bytes are copied: member digests are computed later, and the caller's
  // array could change by then.
  const key = typeof secret === 'string' ? secret : Buffer.from(secret);
  return (text) => crypto.createHmac(ALGORITHM, key).update(text).digest(HEX);
}
