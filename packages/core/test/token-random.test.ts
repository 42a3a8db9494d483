import { randomToken } from '@retrysafe/core';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DRAWS = 10_000;

describe('randomToken', () => {
  it('is a version 4 UUID from the CSPRNG where no limit stands in the way', () => {
    expect(randomToken()).toMatch(UUID_V4);
    expect(randomToken({ minLength: 1, maxLength: 64 })).toMatch(UUID_V4);
  });

  it.each([
    ['UUID', {}],
    ['32 hex', { maxLength: 32, pattern: '^\\w+$' }],
    ['64 hex', { minLength: 64 }],
    ['16 hex', { maxLength: 16 }],
  ])('never repeats itself in the %s shape', (_shape, limits) => {
    const tokens = new Set<string>();
    for (let draw = 0; draw < DRAWS; draw += 1) tokens.add(randomToken(limits));
    expect(tokens.size).toBe(DRAWS);
  });

  it('uses every hex digit in every position of the hex shape (no fixed version nibble)', () => {
    const seen = Array.from({ length: 32 }, () => new Set<string>());
    for (let draw = 0; draw < 2_000; draw += 1) {
      [...randomToken({ maxLength: 32 })].forEach((char, position) => seen[position]!.add(char));
    }
    expect(seen.map((chars) => chars.size)).toEqual(Array(32).fill(16));
  });
});
