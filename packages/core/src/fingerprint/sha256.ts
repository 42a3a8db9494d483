import * as crypto from 'node:crypto';

const ALGORITHM = 'sha256';
const HEX = 'hex';
/** SHA-256's block size: HMAC pads (or first hashes) the key to it. */
const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
const INNER_PAD = 0x36;
const OUTER_PAD = 0x5c;
/** Room for a typical member's encoding before the scratch space has to grow. */
const INITIAL_SCRATCH_BYTES = 1024;

type OneShotHash = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex') => string;
/** `crypto.hash` (Node 20.12+) skips the Hash object, several times faster for short texts. */
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

/** Hex SHA-256 of a text (as UTF-8) or of bytes. */
export const sha256Hex: (data: string | Uint8Array) => string =
  oneShotHash === undefined
    ? (data) => crypto.createHash(ALGORITHM).update(data).digest(HEX)
    : (data) => oneShotHash(ALGORITHM, data, HEX);

/** Hex HMAC-SHA-256, under one key, of a text (as UTF-8) or of bytes. */
export type HmacSha256 = (data: string | Uint8Array) => string;

/** The last key asked for, and its HMAC: a process uses one secret, and every keyed fingerprint asks. */
let cached: { readonly key: Buffer; readonly hmac: HmacSha256 } | undefined;

/**
 * HMAC-SHA-256 (RFC 2104) under `key`: the same digests as `createHmac`,
 * built on the one-shot `crypto.hash` as H((K ^ opad) || H((K ^ ipad) || data))
 * with the key padded to the block (hashed first if longer). About 0.8 µs
 * less per short text than an Hmac object, and a keyed fingerprint under a
 * secret makes one per top-level member. Where `crypto.hash` is missing
 * (Node before 20.12), `createHmac` itself.
 *
 * The key is copied: later changes to the caller's bytes do not reach it.
 */
export function hmacSha256(key: string | Uint8Array): HmacSha256 {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (cached === undefined || !cached.key.equals(keyBytes)) cached = { key: keyBytes, hmac: newHmac(keyBytes) };
  return cached.hmac;
}

function newHmac(key: Buffer): HmacSha256 {
  const hash = oneShotHash;
  if (hash === undefined) return (data) => crypto.createHmac(ALGORITHM, key).update(data).digest(HEX);
  const blockKey = Buffer.alloc(BLOCK_BYTES);
  (key.length > BLOCK_BYTES ? Buffer.from(hash(ALGORITHM, key, HEX), HEX) : key).copy(blockKey);
  // Scratch space reused by every call (each runs to completion before the
  // next starts): a padded key, then the data or the inner digest behind it.
  let inner = padded(blockKey, INNER_PAD, INITIAL_SCRATCH_BYTES);
  const outer = padded(blockKey, OUTER_PAD, BLOCK_BYTES + DIGEST_BYTES);
  return (data) => {
    const end = BLOCK_BYTES + (typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength);
    if (end > inner.length) inner = padded(blockKey, INNER_PAD, Math.max(end, inner.length * 2));
    if (typeof data === 'string') inner.write(data, BLOCK_BYTES, 'utf8');
    else inner.set(data, BLOCK_BYTES);
    const innerDigest = hash(ALGORITHM, inner.subarray(0, end), HEX);
    // The data spells out parameter values: not kept past this call.
    inner.fill(0, BLOCK_BYTES, end);
    outer.write(innerDigest, BLOCK_BYTES, HEX);
    return hash(ALGORITHM, outer, HEX);
  };
}

/** A buffer of `size` bytes starting with the block key XOR `pad`. */
function padded(blockKey: Buffer, pad: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let index = 0; index < BLOCK_BYTES; index++) buffer[index] = (blockKey[index] as number) ^ pad;
  return buffer;
}
