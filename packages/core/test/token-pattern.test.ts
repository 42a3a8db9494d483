import { compileTokenPattern } from '../src/tokens/token-pattern.js';

describe('compileTokenPattern', () => {
  it('compiles with the u flag, so Unicode property escapes work', () => {
    const pattern = compileTokenPattern('^[\\p{L}||\\p{M}||\\p{Z}||\\p{S}||\\p{N}||\\p{P}]+$');
    expect(pattern?.matches('abc-123')).toBe(true);
    expect(pattern?.matches('\u0001')).toBe(false);
  });

  it('falls back to no flag for patterns the u flag rejects', () => {
    expect(() => new RegExp('^[a-zA-Z0-9\\-\\_]+$', 'u')).toThrow(SyntaxError);
    const pattern = compileTokenPattern('^[a-zA-Z0-9\\-\\_]+$');
    expect(pattern?.matches('ab_c-1')).toBe(true);
    expect(pattern?.matches('ab.c')).toBe(false);
  });

  it('gives undefined for a pattern that compiles in neither way', () => {
    expect(compileTokenPattern('^[-_a-zA-Z0-9]*${2,64}$')).toBeUndefined();
    expect(compileTokenPattern('(unclosed')).toBeUndefined();
  });

  it('matches anywhere unless anchored, and matchesWhole asks for the whole value', () => {
    const pattern = compileTokenPattern('[a-z]{3}');
    expect(pattern?.matches('12abc34')).toBe(true);
    expect(pattern?.matchesWhole('12abc34')).toBe(false);
    expect(pattern?.matchesWhole('abc')).toBe(true);
  });

  it('keeps top-level alternatives whole when matching the whole value', () => {
    const pattern = compileTokenPattern('^$|[\\x00-\\x7F]+');
    expect(pattern?.matchesWhole('abc-123')).toBe(true);
    expect(pattern?.matchesWhole('abc\u00e9')).toBe(false);
  });

  it('compiles each pattern once', () => {
    expect(compileTokenPattern('[0-9a-f]+')).toBe(compileTokenPattern('[0-9a-f]+'));
  });
});
