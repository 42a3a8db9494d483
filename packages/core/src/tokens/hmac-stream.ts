import { hmacSha256 } from '../fingerprint/sha256.js';

const COUNTER_BYTES = 4;
const EMPTY = Buffer.alloc(0);

/**
 * HMAC-SHA-256 in counter mode (as in NIST SP 800-108): block i is
 * HMAC(key, message || i as 32-bit big-endian), and the stream is the blocks
 * in order. `message` must be self-delimiting (length-prefixed), so the
 * counter cannot be confused with it. Blocks are computed once, on demand.
 */
export function hmacStream(key: Uint8Array, message: Uint8Array): (count: number) => Uint8Array {
  const hmac = hmacSha256(key);
  let stream = EMPTY;
  let nextBlock = 0;
  return (count) => {
    while (stream.length < count) {
      const counter = Buffer.alloc(COUNTER_BYTES);
      counter.writeUInt32BE(nextBlock);
      nextBlock += 1;
      const block = Buffer.from(hmac(Buffer.concat([message, counter])), 'hex');
      // Almost every token needs one block: no copy for it.
      stream = stream.length === 0 ? block : Buffer.concat([stream, block]);
    }
    return stream.subarray(0, count);
  };
}
