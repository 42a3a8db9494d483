import { createHash, createHmac } from 'node:crypto';
import { fingerprint } from '@retrysafe/core';
import fc from 'fast-check';
import { hmacSha256 } from '../src/fingerprint/sha256.js';

const reference = (key: string | Uint8Array, data: string | Uint8Array): string => createHmac('sha256', key).update(data).digest('hex');

// Lone surrogates too: UTF-8 turns each into U+FFFD, in the scratch space as in createHmac.
const loneSurrogates = fc.array(fc.oneof(fc.string(), fc.constantFrom('\uD800', '\uDFFF')), { maxLength: 20 }).map((parts) => parts.join(''));
// Keys around SHA-256's 64-byte block (longer ones are hashed first), data around the 1 KB scratch space.
const key = fc.oneof(
  fc.string({ minLength: 1, maxLength: 64 }),
  loneSurrogates.filter((text) => text.length > 0),
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.uint8Array({ minLength: 65, maxLength: 200 }),
  fc.string({ minLength: 65, maxLength: 200 }),
);
const data = fc.oneof(
  fc.string({ maxLength: 3000 }),
  fc.string({ unit: 'grapheme', maxLength: 600 }),
  loneSurrogates,
  fc.uint8Array({ maxLength: 3000 }),
);

describe('hmacSha256 (one-shot HMAC-SHA-256 behind keyed fingerprints and token derivation)', () => {
  it('gives exactly the digest of createHmac for any key and data (property)', () => {
    fc.assert(
      fc.property(key, fc.array(data, { minLength: 1, maxLength: 6 }), (secret, texts) => {
        // Several calls on one instance: the scratch space it reuses must not carry one call into the next.
        const hmac = hmacSha256(secret);
        for (const text of texts) expect(hmac(text)).toBe(reference(secret, text));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each key apart when keys alternate, and ignores later changes to the caller’s key bytes', () => {
    const first = Buffer.from('first secret');
    const second = 'second secret';
    const a = hmacSha256(first);
    const b = hmacSha256(second);
    first.fill(0);
    expect(a('RunInstances')).toBe(reference('first secret', 'RunInstances'));
    expect(b('RunInstances')).toBe(reference(second, 'RunInstances'));
    expect(hmacSha256(Buffer.from('first secret'))('x')).toBe(reference('first secret', 'x'));
  });

  it('digests only its own bytes when a short text follows a longer one in the reused scratch space', () => {
    const hmac = hmacSha256('a secret');
    hmac('s16:order-2026-11-0417'.repeat(100));
    expect(hmac('x')).toBe(reference('a secret', 'x'));
    expect(hmac('')).toBe(reference('a secret', ''));
  });

  it('on a Node without crypto.hash (before 20.12), falls back to createHmac and createHash with the same digests', () => {
    type Sha256Module = typeof import('../src/fingerprint/sha256.js');
    type Crypto = typeof import('node:crypto');
    const actual = jest.requireActual<Crypto>('node:crypto');
    const hmacObjects = jest.fn(actual.createHmac);
    const hashObjects = jest.fn(actual.createHash);
    let fallback: Sha256Module | undefined;
    jest.isolateModules(() => {
      jest.doMock('node:crypto', () => ({ ...actual, hash: undefined, createHmac: hmacObjects, createHash: hashObjects }));
      fallback = jest.requireActual<Sha256Module>('../src/fingerprint/sha256.js');
    });
    jest.dontMock('node:crypto');
    if (fallback === undefined) throw new Error('the module did not load');
    const { hmacSha256: fallbackHmac, sha256Hex: fallbackSha256 } = fallback;
    fc.assert(
      fc.property(key, data, (secret, text) => {
        expect(fallbackHmac(secret)(text)).toBe(reference(secret, text));
        expect(fallbackSha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
      }),
      { numRuns: 100 },
    );
    // The digests came from the Hmac and Hash objects, not from a crypto.hash the module kept.
    expect(hmacObjects).toHaveBeenCalled();
    expect(hashObjects).toHaveBeenCalled();
  });

  it('backs keyed member digests: each is the HMAC of the member’s canonical encoding', () => {
    const secret = 'fingerprint secret';
    const { members } = fingerprint({ ImageId: 'ami-1', MinCount: 1 }, { secret });
    expect(members).toEqual({ ImageId: reference(secret, 's5:ami-1'), MinCount: reference(secret, 'd1;') });
  });
});
