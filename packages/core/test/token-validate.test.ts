import fc from 'fast-check';
import { InvalidClientTokenError, validateClientToken, type TokenLimits } from '@retrysafe/core';

const CLOUDFORMATION: TokenLimits = { minLength: 1, maxLength: 128, pattern: '^[a-zA-Z0-9][-a-zA-Z0-9]*$' };
const context = { service: 'CloudFormation', operation: 'CreateStack', member: 'ClientRequestToken' };

function ruleBroken(token: unknown, limits: TokenLimits): string | undefined {
  try {
    validateClientToken(token, limits);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidClientTokenError);
    return (error as InvalidClientTokenError).rule;
  }
}

describe('validateClientToken', () => {
  it('returns a token that fits the limits, unchanged', () => {
    expect(validateClientToken('order-1234', CLOUDFORMATION, context)).toBe('order-1234');
    expect(validateClientToken('!~', {})).toBe('!~');
  });

  it("breaks 'type' for anything but a string, carrying no token", () => {
    for (const value of [undefined, null, 42, {}, ['a'], Symbol('t')]) {
      expect(ruleBroken(value, {})).toBe('type');
    }
    try {
      validateClientToken(42, {}, context);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toMatchObject({ name: 'InvalidClientTokenError', rule: 'type', retryable: false, token: undefined });
      expect((error as Error).message).toContain('CloudFormation CreateStack');
      expect((error as Error).message).toContain('ClientRequestToken');
    }
  });

  it("breaks 'ascii' for spaces, control characters and non-ASCII, never echoing the characters", () => {
    for (const token of ['with space', 'tab\there', 'nul\u0000', 'del\u007f', 'caf\u00e9', '\u{1f600}', ' ']) {
      expect(ruleBroken(token, {})).toBe('ascii');
    }
    const secretish = 'p\u00e4ssw\u00f6rd-\u0000-\u202e';
    try {
      validateClientToken(secretish, {}, context);
      throw new Error('expected a throw');
    } catch (error) {
      const { message, token } = error as InvalidClientTokenError;
      expect(token).toBeUndefined();
      expect(message).not.toContain('p\u00e4ssw');
      expect(message).not.toMatch(/[^\x20-\x7e]/);
    }
  });

  it("breaks 'minLength' for an empty string, also where the model allows length 0", () => {
    expect(ruleBroken('', {})).toBe('minLength');
    expect(ruleBroken('', { minLength: 0, maxLength: 64 })).toBe('minLength');
    expect(ruleBroken('a'.repeat(35), { minLength: 36, maxLength: 64 })).toBe('minLength');
    expect(ruleBroken('a'.repeat(36), { minLength: 36, maxLength: 64 })).toBeUndefined();
  });

  it("breaks 'maxLength' past the maximum, naming the range", () => {
    expect(ruleBroken('a'.repeat(64), { maxLength: 64 })).toBeUndefined();
    expect(ruleBroken('a'.repeat(65), { maxLength: 64 })).toBe('maxLength');
    expect(() => validateClientToken('a'.repeat(129), CLOUDFORMATION, context)).toThrow(/'maxLength' \(1\.\.128\)/);
  });

  it("breaks 'pattern' when the pattern does not match, naming the pattern", () => {
    expect(ruleBroken('-starts-with-hyphen', CLOUDFORMATION)).toBe('pattern');
    expect(ruleBroken('has_underscore', CLOUDFORMATION)).toBe('pattern');
    expect(() => validateClientToken('a_b', CLOUDFORMATION, context)).toThrow(/\^\[a-zA-Z0-9\]\[-a-zA-Z0-9\]\*\$/);
  });

  it('tests a pattern unanchored unless it anchors itself (Smithy semantics)', () => {
    expect(ruleBroken('ab-cd', { pattern: '[a-z]+' })).toBeUndefined();
    expect(ruleBroken('ab-cd', { pattern: '^[a-z]+$' })).toBe('pattern');
    expect(ruleBroken('!!!', { pattern: '[a-z]+' })).toBe('pattern');
  });

  it('ignores a pattern that compiles neither with nor without the u flag', () => {
    const broken: TokenLimits = { pattern: '^[-_a-zA-Z0-9]*${2,64}$' };
    expect(ruleBroken('anything-goes!', broken)).toBeUndefined();
    expect(ruleBroken('no space', broken)).toBe('ascii');
  });

  it('checks the rules in order: type, ascii, minLength, maxLength, pattern', () => {
    const limits: TokenLimits = { minLength: 5, maxLength: 6, pattern: '^[0-9]+$' };
    expect(ruleBroken(' ', limits)).toBe('ascii');
    expect(ruleBroken('ab', limits)).toBe('minLength');
    expect(ruleBroken('abcdefg', limits)).toBe('maxLength');
    expect(ruleBroken('abcde', limits)).toBe('pattern');
  });

  it("property: any string with a character outside 0x21-0x7E breaks 'ascii'", () => {
    const outside = fc.oneof(
      fc.integer({ min: 0, max: 0x20 }),
      fc.integer({ min: 0x7f, max: 0x10ffff }).filter((code) => code < 0xd800 || code > 0xdfff),
    );
    const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_!~') });
    fc.assert(
      fc.property(printable, outside, printable, (before, code, after) => {
        const token = before + String.fromCodePoint(code) + after;
        try {
          validateClientToken(token, { maxLength: 8 });
          return false;
        } catch (error) {
          const { rule, message, token: carried } = error as InvalidClientTokenError;
          return rule === 'ascii' && carried === undefined && !/[^\x20-\x7e]/.test(message);
        }
      }),
    );
  });

  it("property: a printable ASCII string longer than the maximum breaks 'maxLength'", () => {
    const printableAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1 });
    fc.assert(
      fc.property(printableAscii, fc.integer({ min: 1, max: 200 }), (token, extra) => {
        const maxLength = Math.max(token.length - extra, 1);
        fc.pre(token.length > maxLength);
        return ruleBroken(token, { maxLength }) === 'maxLength';
      }),
    );
  });

  it('property: a printable ASCII string within the limits and without a pattern passes', () => {
    const printableAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 64 });
    fc.assert(fc.property(printableAscii, (token) => validateClientToken(token, { minLength: 1, maxLength: 64 }) === token));
  });
});
