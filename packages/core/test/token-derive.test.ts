import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { deriveToken, type TokenDerivationParts } from '@retrysafe/core';

const base: TokenDerivationParts = {
  namespace: 'orders-app',
  service: 'EC2',
  operation: 'RunInstances',
  scope: '123456789012/us-east-1',
  key: 'order-4711',
  occurrence: 0,
};
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const partsArbitrary: fc.Arbitrary<TokenDerivationParts> = fc.record(
  {
    namespace: fc.string(),
    service: fc.string({ minLength: 1 }),
    operation: fc.string({ minLength: 1 }),
    scope: fc.string(),
    key: fc.string({ unit: 'binary' }),
    occurrence: fc.nat(),
    secret: fc.oneof(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 64 })),
  },
  { requiredKeys: ['namespace', 'service', 'operation', 'scope', 'key', 'occurrence'] },
);

describe('deriveToken', () => {
  it('is HMAC-SHA-256 over the length-prefixed parts, laid out as a version 8 UUID', () => {
    // Re-derived here from the documented construction, so the encoding cannot drift unnoticed.
    const field = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    };
    const message = Buffer.concat(
      ['retrysafe/token/v1', 'orders-app', 'ec2', 'runinstances', '123456789012/us-east-1', 'order-4711', '0'].map(field),
    );
    const block = createHmac('sha256', 'retrysafe/token/public-key/v1').update(message).update(Buffer.alloc(4)).digest();
    block[6] = (block[6]! & 0x0f) | 0x80;
    block[8] = (block[8]! & 0x3f) | 0x80;
    const hex = block.subarray(0, 16).toString('hex');
    const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    expect(deriveToken(base)).toBe(expected);
  });

  it('never changes across releases (a bound token must stay derivable)', () => {
    expect(deriveToken(base)).toBe('bd0c5e26-a30e-805b-a948-3e7ddcee8048');
  });

  it('treats service spellings alike: EC2, ec2, EC2Client; ACMPCAClient and ACM PCA', () => {
    const token = deriveToken(base);
    expect(deriveToken({ ...base, service: 'ec2' })).toBe(token);
    expect(deriveToken({ ...base, service: 'EC2Client' })).toBe(token);
    expect(deriveToken({ ...base, service: 'ACMPCAClient' })).toBe(deriveToken({ ...base, service: 'ACM PCA' }));
  });

  it('treats operation case alike but keeps a trailing Command (an operation of its own)', () => {
    expect(deriveToken({ ...base, operation: 'runInstances' })).toBe(deriveToken(base));
    expect(deriveToken({ ...base, operation: 'InvokeAgentRuntimeCommand' })).not.toBe(
      deriveToken({ ...base, operation: 'InvokeAgentRuntime' }),
    );
  });

  it('keeps parts apart: moving characters between neighbouring parts changes the token', () => {
    expect(deriveToken({ ...base, scope: 'a', key: 'bc' })).not.toBe(deriveToken({ ...base, scope: 'ab', key: 'c' }));
    expect(deriveToken({ ...base, key: '1', occurrence: 11 })).not.toBe(deriveToken({ ...base, key: '11', occurrence: 1 }));
  });

  it('depends on the secret; a string secret equals its UTF-8 bytes', () => {
    const withSecret = deriveToken({ ...base, secret: 's3cret' });
    expect(withSecret).not.toBe(deriveToken(base));
    expect(withSecret).not.toBe(deriveToken({ ...base, secret: 's3cret!' }));
    expect(deriveToken({ ...base, secret: new TextEncoder().encode('s3cret') })).toBe(withSecret);
  });

  it('refuses bad parts with typed errors', () => {
    expect(() => deriveToken({ ...base, secret: '' })).toThrow(RangeError);
    expect(() => deriveToken({ ...base, secret: new Uint8Array(0) })).toThrow(RangeError);
    for (const occurrence of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => deriveToken({ ...base, occurrence })).toThrow(RangeError);
    }
    expect(() => deriveToken({ ...base, key: 42 as unknown as string })).toThrow(/'key' must be a string/);
    expect(() => deriveToken({ ...base, secret: 7 as unknown as string })).toThrow(TypeError);
  });

  it('property: deterministic, and laid out as a lowercase version 8 UUID (variant 10)', () => {
    fc.assert(
      fc.property(partsArbitrary, (parts) => {
        const token = deriveToken(parts);
        return token === deriveToken({ ...parts }) && UUID_V8.test(token);
      }),
    );
  });

  it('property: changing any single part changes the token', () => {
    const change = fc.constantFrom('namespace', 'scope', 'key', 'occurrence', 'secret', 'service', 'operation');
    fc.assert(
      fc.property(partsArbitrary, change, fc.string({ unit: 'binary', minLength: 1 }), (parts, name, suffix) => {
        const changed: TokenDerivationParts =
          name === 'occurrence'
            ? { ...parts, occurrence: parts.occurrence + 1 }
            : name === 'secret'
              ? { ...parts, secret: `${typeof parts.secret === 'string' ? parts.secret : 'bytes'}${suffix}` }
              : // Service and operation names count by their letters and digits.
                { ...parts, [name]: `${parts[name]}${name === 'service' || name === 'operation' ? 'x' : suffix}` };
        return deriveToken(changed) !== deriveToken(parts);
      }),
    );
  });

  it('is collision-free over 100,000 distinct keys', () => {
    const KEYS = 100_000;
    const tokens = new Set<string>();
    for (let index = 0; index < KEYS; index += 1) tokens.add(deriveToken({ ...base, key: `message-${index}` }));
    expect(tokens.size).toBe(KEYS);
  });

  it('is collision-free over 10,000 occurrences of one key', () => {
    const OCCURRENCES = 10_000;
    const tokens = new Set<string>();
    for (let occurrence = 0; occurrence < OCCURRENCES; occurrence += 1) tokens.add(deriveToken({ ...base, occurrence }));
    expect(tokens.size).toBe(OCCURRENCES);
  });

  it('extends long tokens from the same HMAC stream (counter mode), deterministically', () => {
    const long = deriveToken(base, { minLength: 100 });
    expect(long).toMatch(/^[0-9a-f]{100}$/);
    expect(deriveToken(base, { minLength: 100 })).toBe(long);
    // The first 32 bytes are block 0, the same block the UUID is laid out from.
    expect(deriveToken(base, { maxLength: 32, pattern: '^\\w+$' })).toBe(long.slice(0, 32));
  });
});
