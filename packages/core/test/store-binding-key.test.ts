import { bindingKey, type BindingKeyParts } from '@retrysafe/core';
import fc from 'fast-check';

const base: BindingKeyParts = {
  namespace: 'retrysafe',
  scope: '123456789012/us-east-1',
  service: 'EC2',
  operation: 'RunInstances',
  key: 'order-42',
  occurrence: 0,
};

/** What the hash is meant to distinguish: the parts, with the service in its one spelling. */
function normalised(parts: BindingKeyParts): string {
  const service = parts.service.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(?<=.)client$/, '');
  return JSON.stringify([parts.namespace, parts.scope, service, parts.operation, parts.key, parts.occurrence]);
}

const partsArbitrary: fc.Arbitrary<BindingKeyParts> = fc.record({
  namespace: fc.string({ maxLength: 6 }),
  scope: fc.string({ maxLength: 6 }),
  service: fc.constantFrom('EC2', 'ec2', 'EC2Client', 'RAM', 'ram-client', 'CloudFormation', ''),
  operation: fc.string({ maxLength: 6 }),
  key: fc.string({ maxLength: 6, unit: 'grapheme' }),
  occurrence: fc.nat({ max: 3 }),
});

describe('bindingKey', () => {
  it('is a lowercase hex SHA-256 and the same for the same parts', () => {
    expect(bindingKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(bindingKey({ ...base })).toBe(bindingKey(base));
  });

  it('keeps its encoding across releases, so stored bindings stay reachable after an upgrade', () => {
    // Computed independently (Python hashlib) from the documented encoding:
    // SHA-256 over a domain tag and each part, each behind its 4-byte big-endian UTF-8 length.
    expect(bindingKey(base)).toBe('a774bbc9db3017df7f966cc1ebe2342455b6590aaf6c27b8d858eedb3cf2d776');
    expect(
      bindingKey({ ...base, service: 'RAM', operation: 'CreateResourceShare', key: 'msg-7', occurrence: 1 }),
    ).toBe('6b85f10acebad88993b7cd187e2acab58dbf1b8cf896d45a833a7c8be5a23114');
  });

  it('does not let parts run into each other', () => {
    expect(bindingKey({ ...base, namespace: 'a', scope: 'bc' })).not.toBe(bindingKey({ ...base, namespace: 'ab', scope: 'c' }));
    expect(bindingKey({ ...base, operation: 'Run', key: 'Instancesx' })).not.toBe(
      bindingKey({ ...base, operation: 'RunInstances', key: 'x' }),
    );
    expect(bindingKey({ ...base, key: '1', occurrence: 0 })).not.toBe(bindingKey({ ...base, key: '', occurrence: 10 }));
  });

  it('treats every spelling of a service as one service', () => {
    const spellings = ['EC2Client', 'EC2', 'ec2', 'Ec2-Client', 'ec2client'];
    const keys = new Set(spellings.map((service) => bindingKey({ ...base, service })));
    expect(keys.size).toBe(1);
    expect(bindingKey({ ...base, service: 'RAM' })).not.toBe(bindingKey(base));
  });

  it('separates occurrences, keys, scopes and namespaces', () => {
    const variants = [
      base,
      { ...base, occurrence: 1 },
      { ...base, key: 'order-43' },
      { ...base, scope: '123456789012/eu-west-1' },
      { ...base, namespace: 'other-app' },
      { ...base, operation: 'CreateNatGateway' },
    ];
    expect(new Set(variants.map(bindingKey)).size).toBe(variants.length);
  });

  it('gives different parts different keys and equal parts equal keys (property)', () => {
    fc.assert(
      fc.property(partsArbitrary, partsArbitrary, (a, b) => {
        expect(bindingKey(a) === bindingKey(b)).toBe(normalised(a) === normalised(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an occurrence that is not a non-negative integer, and parts that are not strings', () => {
    for (const occurrence of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => bindingKey({ ...base, occurrence })).toThrow(RangeError);
    }
    expect(() => bindingKey({ ...base, key: 42 as unknown as string })).toThrow(TypeError);
  });
});
