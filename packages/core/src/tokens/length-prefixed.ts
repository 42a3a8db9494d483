const LENGTH_PREFIX_BYTES = 4;

/**
 * UTF-8 bytes of each part behind its byte length (32-bit big-endian), so no
 * two different part lists share an encoding: ('a', 'bc') ≠ ('ab', 'c').
 */
export function lengthPrefixed(parts: readonly string[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(LENGTH_PREFIX_BYTES);
    length.writeUInt32BE(bytes.length);
    chunks.push(length, bytes);
  }
  return Buffer.concat(chunks);
}
