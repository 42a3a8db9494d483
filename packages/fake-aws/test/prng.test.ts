import fc from 'fast-check';

import { isValidSeed, SeededRandom } from '../src/prng.js';

const draws = (seed: number, n: number) => {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = draws(seed, 20);
        expect(draws(seed, 20)).toEqual(a);
        expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
      }),
    );
  });

  it('gives different sequences for neighbouring seeds, spread over the interval', () => {
    expect(draws(1, 10)).not.toEqual(draws(2, 10));
    const many = draws(7, 4000);
    const lowHalf = many.filter((x) => x < 0.5).length;
    expect(lowHalf).toBeGreaterThan(1800);
    expect(lowHalf).toBeLessThan(2200);
  });

  it('accepts exactly the 32-bit unsigned seeds', () => {
    expect([0, 1, 2 ** 32 - 1].every(isValidSeed)).toBe(true);
    expect([-1, 2 ** 32, 0.5, Number.NaN].some(isValidSeed)).toBe(false);
  });
});
