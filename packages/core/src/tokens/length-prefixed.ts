const LENGTH_PREFIX_BYTES = 4;

/**
 * UTF-8 bytes of each part behind its byte length (32-bit big-endian), so no
 * two different part lists share an encoding: ('a', 'bc') ≠ ('ab', 'c').
 */
export function lengthPrefixed(parts: readonly string[]): Buffer {
  // One buffer, written in place: every keyed send builds two of these.
  let size = 0;
  for (const part of parts) size += LENGTH_PREFIX_BYTES + Buffer.byteLength(part, 'utf8');
  const encoded = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    const written = encoded.write(part, offset + LENGTH_PREFIX_BYTES, 'utf8');
    encoded.writeUInt32BE(written, offset);
    offset += LENGTH_PREFIX_BYTES + written;
  }
  return encoded;
}
