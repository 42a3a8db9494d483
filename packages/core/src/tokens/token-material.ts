/**
 * Where a token's characters come from: fresh CSPRNG bytes, or an HMAC
 * stream for a derived token. The formatter asks only for the shape it
 * tries, so nothing is computed for shapes it never reaches.
 */
export interface TokenMaterial {
  /** A canonical UUID: 36 lowercase characters, 8-4-4-4-12. */
  uuid(): string;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
}

const HEX_CHARS_PER_BYTE = 2;

/** Lowercase hex of `length` characters from enough bytes. */
export function hexOf(bytesFor: (count: number) => Uint8Array, length: number): string {
  return Buffer.from(bytesFor(Math.ceil(length / HEX_CHARS_PER_BYTE)))
    .toString('hex')
    .slice(0, length);
}
