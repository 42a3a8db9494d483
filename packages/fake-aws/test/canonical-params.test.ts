import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';

import { canonicalize, fingerprintParams } from '../src/canonical-params.js';
import type { ParamObject, ParamValue } from '../src/params.js';

// The parameter comparison behind every token rule: equal requests compare
// equal however their maps are ordered, different requests never do.

const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec<{ value: ParamValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const params = fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 6, noNullPrototype: true }) as fc.Arbitrary<ParamObject>;

/** The same value with every object's keys in reverse order. */
function reverseKeys(v: ParamValue): ParamValue {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v as ParamObject).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  }
  return v;
}

describe('canonicalize', () => {
  it('ignores the order of object keys', () => {
    fc.assert(fc.property(params, (p) => canonicalize(p) === canonicalize(reverseKeys(p) as ParamObject)));
  });

  it('is equal exactly when the parameters are deeply equal', () => {
    fc.assert(
      fc.property(params, params, (a, b) => (canonicalize(a) === canonicalize(b)) === isDeepStrictEqual(a, b)),
    );
  });

  it('leaves out the excluded token member, and only it', () => {
    fc.assert(
      fc.property(params, fc.string(), fc.string(), (p, t1, t2) => {
        const options = { exclude: ['ClientToken'] };
        expect(fingerprintParams({ ...p, ClientToken: t1 }, options)).toBe(fingerprintParams({ ...p, ClientToken: t2 }, options));
        expect(canonicalize({ ...p, ClientToken: t1 })).not.toBe(canonicalize({ ...p, ClientToken: `${t1}x` }));
      }),
    );
  });

  it('ignores the order of lists declared unordered, at any depth, and keeps it elsewhere', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 5 }), (tags) => {
        const reversed = [...tags].reverse();
        const nested = (list: string[]) => ({ Spec: [{ Tag: list }] });
        const unordered = { unorderedLists: ['Spec[].Tag'] };
        expect(canonicalize(nested(tags), unordered)).toBe(canonicalize(nested(reversed), unordered));
        expect(canonicalize(nested(tags))).not.toBe(canonicalize(nested(reversed)));
      }),
    );
  });

  it('keeps a `__proto__` member like any other', () => {
    const withProto = JSON.parse('{"__proto__": {"a": 1}}') as ParamObject;
    expect(canonicalize(withProto)).toBe('{"__proto__":{"a":1}}');
  });

  it('tells a string from a number and a missing member from an empty one', () => {
    expect(canonicalize({ a: '1' })).not.toBe(canonicalize({ a: 1 }));
    expect(canonicalize({ a: '' })).not.toBe(canonicalize({}));
    expect(fingerprintParams({ a: '1' })).toMatch(/^[0-9a-f]{64}$/);
  });
});
