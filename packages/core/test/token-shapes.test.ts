import { deriveToken, randomToken, UnsatisfiableTokenLimitsError, validateClientToken, type TokenLimits } from '@retrysafe/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const parts = { namespace: 'app', service: 'EC2', operation: 'RunInstances', scope: '123456789012/us-east-1', key: 'order-1', occurrence: 0 };
const makers: ReadonlyArray<[string, (limits: TokenLimits) => string]> = [
  ['randomToken', (limits) => randomToken(limits)],
  ['deriveToken', (limits) => deriveToken(parts, limits)],
];

describe.each(makers)('%s shapes', (_name, make) => {
  it('is a canonical lowercase UUID without limits', () => {
    expect(make({})).toMatch(UUID);
  });

  it('is 32 lowercase hex when the pattern forbids hyphens (ACM ^\\w+$, max 32)', () => {
    const limits = { minLength: 1, maxLength: 32, pattern: '^\\w+$' };
    const token = make(limits);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(validateClientToken(token, limits)).toBe(token);
  });

  it('is 32 lowercase hex when the maximum is below 36', () => {
    expect(make({ maxLength: 35 })).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is hex of the minimum length when the minimum is above 36 (min 64)', () => {
    expect(make({ minLength: 64, maxLength: 256 })).toMatch(/^[0-9a-f]{64}$/);
    expect(make({ minLength: 100 })).toMatch(/^[0-9a-f]{100}$/);
  });

  it('is 36 hex (or as near as the maximum allows) when the minimum is above 32 and hyphens are not allowed', () => {
    expect(make({ minLength: 33, maxLength: 256, pattern: '^[0-9a-z]+$' })).toMatch(/^[0-9a-f]{36}$/);
    expect(make({ minLength: 33, maxLength: 34, pattern: '^[0-9a-z]+$' })).toMatch(/^[0-9a-f]{34}$/);
  });

  it('is hex truncated to the maximum when the maximum is below 32', () => {
    expect(make({ maxLength: 20 })).toMatch(/^[0-9a-f]{20}$/);
    expect(make({ minLength: 1, maxLength: 1 })).toMatch(/^[0-9a-f]$/);
  });

  it('keeps the UUID where a pattern fits it (CloudFormation, a \\S{36,64} row, exactly 36)', () => {
    expect(make({ minLength: 1, maxLength: 128, pattern: '^[a-zA-Z0-9][-a-zA-Z0-9]*$' })).toMatch(UUID);
    expect(make({ minLength: 36, maxLength: 64, pattern: '\\S{36,64}' })).toMatch(UUID);
    expect(make({ minLength: 36, maxLength: 36, pattern: '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}' })).toMatch(UUID);
  });

  it('makes a pattern match the whole token, not just a part of it', () => {
    // Unanchored, a UUID would pass; a server that anchors the pattern would refuse it.
    expect(make({ pattern: '[0-9a-f]+' })).toMatch(/^[0-9a-f]{32}$/);
    expect(make({ maxLength: 8, pattern: '[0-9a-f]{8}' })).toMatch(/^[0-9a-f]{8}$/);
  });

  it('throws UnsatisfiableTokenLimitsError when no shape fits', () => {
    const impossible: TokenLimits[] = [
      { pattern: '^[g-z]+$' },
      { minLength: 10, maxLength: 5 },
      { minLength: 1, maxLength: 0 },
      { minLength: 100_000 },
    ];
    for (const limits of impossible) {
      expect(() => make(limits)).toThrow(UnsatisfiableTokenLimitsError);
    }
    try {
      make({ minLength: 1, maxLength: 64, pattern: '^[G-Z]+$' });
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toMatchObject({ name: 'UnsatisfiableTokenLimitsError', retryable: false, limits: { pattern: '^[G-Z]+$' } });
      expect((error as Error).message).toContain('1..64');
    }
  });

  it('ignores a pattern that never compiles, keeping the UUID', () => {
    expect(make({ pattern: '^[-_a-zA-Z0-9]*${2,64}$' })).toMatch(UUID);
  });
});
