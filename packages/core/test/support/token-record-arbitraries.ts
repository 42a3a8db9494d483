import type { TokenRecord } from '@retrysafe/core';
import fc from 'fast-check';

// Printable ASCII, the alphabet of tokens.
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
export const hexDigest = fc
  .uint8Array({ minLength: 16, maxLength: 64 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));
/** Member names: printable ASCII without spaces. */
export const memberName = fc.string({ unit: printable, minLength: 1, maxLength: 24 }).filter((name) => !name.includes(' '));
/** Epoch ms as stores keep them: non-negative safe integers, small and as large as they go. */
const timestamp = fc.oneof(fc.nat(), fc.maxSafeNat());

/** Any record the stores must accept and give back unchanged. */
export const validRecord: fc.Arbitrary<TokenRecord> = fc.record({
  bindingKey: hexDigest,
  token: fc.string({ unit: printable, minLength: 1, maxLength: 200 }),
  fingerprint: hexDigest,
  memberDigests: fc.dictionary(memberName, hexDigest, { maxKeys: 40 }),
  status: fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const),
  createdAt: timestamp,
  expiresAt: timestamp,
  updatedAt: timestamp,
});
