/** RFC 9562 layout: 16 bytes, version in the high nibble of byte 6, variant in the top bits of byte 8. */
export const UUID_BYTES = 16;
export const UUID_LENGTH = 36;

const VERSION_BYTE = 6;
const VARIANT_BYTE = 8;
const LOW_NIBBLE = 0x0f;
const VERSION_SHIFT = 4;
/** Variant 10xx xxxx: keep the low six bits. */
const VARIANT_KEEP = 0x3f;
const VARIANT_BITS = 0x80;
/** Hex offsets of the hyphens: 8-4-4-4-12. */
const GROUP_ENDS: readonly number[] = [8, 12, 16, 20, 32];

/**
 * Formats the first 16 bytes as a UUID of the given version: the version
 * nibble and the RFC 9562 variant bits overwrite what the bytes had there.
 */
export function formatUuid(bytes: Uint8Array, version: number): string {
  if (bytes.length < UUID_BYTES) throw new RangeError(`a UUID needs ${UUID_BYTES} bytes, got ${bytes.length}`);
  const layout = Buffer.from(bytes.subarray(0, UUID_BYTES));
  layout[VERSION_BYTE] = (layout[VERSION_BYTE]! & LOW_NIBBLE) | (version << VERSION_SHIFT);
  layout[VARIANT_BYTE] = (layout[VARIANT_BYTE]! & VARIANT_KEEP) | VARIANT_BITS;
  const hex = layout.toString('hex');
  let uuid = hex.slice(0, GROUP_ENDS[0]);
  for (let group = 1; group < GROUP_ENDS.length; group++) uuid += `-${hex.slice(GROUP_ENDS[group - 1], GROUP_ENDS[group])}`;
  return uuid;
}
