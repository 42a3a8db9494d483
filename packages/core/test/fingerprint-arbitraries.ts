// Arbitraries and helpers shared by the fingerprint property tests. They build
// and compare values on their own, without the code under test, so they can
// serve as its oracle.
import fc from 'fast-check';

export type Path = readonly (string | number)[];

/** Text with ASCII, accents, astral symbols, the separator, U+FFFD and lone surrogates. */
const trickyText = fc.string({
  unit: fc.constantFrom('a', 'B', '0', '.', ':', ';', 'é', 'ß', '\u{1F600}', '\uFFFD', '\uD800', '\uDC00', ' '),
  maxLength: 6,
});
const unicodeText = fc.string({ unit: 'binary', maxLength: 6 });

/** Every leaf kind the canonical encoding distinguishes. */
export const leafArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -5n, max: 5n }),
  trickyText,
  unicodeText,
  fc.date(), // invalid Dates included
  fc.uint8Array({ maxLength: 6 }),
);

const keyArbitrary = fc.oneof(trickyText, fc.constantFrom('0', '1', '10', '__proto__', 'constructor', 'InstanceType', 'Tags'));

/** Nested arrays (sparse ones too) and plain objects (null-prototype ones too) of those leaves. */
export const valueArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.sparseArray(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A plain-object input, like an operation's. */
export const inputArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(keyArbitrary, valueArbitrary, {
  maxKeys: 6,
});

export function isContainer(value: unknown): value is object {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && isPlainRecord(value));
}

function isPlainRecord(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Paths to every non-container value (holes are not values). */
export function leafPaths(value: unknown, path: Path = []): Path[] {
  if (!isContainer(value)) return [path];
  const paths: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((element, index) => paths.push(...leafPaths(element, [...path, index])));
  } else {
    for (const key of Object.keys(value)) paths.push(...leafPaths((value as Record<string, unknown>)[key], [...path, key]));
  }
  return paths;
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** A copy of `value` with the value at `path` replaced (own data member, even for `__proto__`). */
export function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = rebuild(value, () => 0);
  if (path.length === 0) return replacement;
  const parent = getAt(copy, path.slice(0, -1)) as object;
  Object.defineProperty(parent, path[path.length - 1] as string | number, {
    value: replacement,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return copy;
}

/** Same leaf by the encoding's rules: Object.is for primitives, Dates by time, bytes by content. */
export function sameLeaf(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  return Object.is(a, b);
}

/** A small seeded PRNG (mulberry32), so a failing shuffle replays from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A fresh deep copy: new arrays (holes kept), new objects (same prototype
 * kind, keys inserted in an order `random` shuffles), new Dates and byte arrays.
 */
export function rebuild(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    value.forEach((element, index) => {
      copy[index] = rebuild(element, random);
    });
    return copy;
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [keys[index], keys[other]] = [keys[other] as string, keys[index] as string];
    }
    const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const key of keys) {
      Object.defineProperty(copy, key, {
        value: rebuild((value as Record<string, unknown>)[key], random),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * Deep structural identity as the SDK would see it: same prototype kind, same
 * own keys in the same order, same holes, same leaves (by `sameLeaf`, with the
 * byte container's type). Jest's toStrictEqual would do, but it compares
 * `constructor` members as if they were classes.
 */
export function structurallyEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((_, index) => index in b) && b.every((_, index) => index in a && structurallyEqual(a[index], b[index]));
  }
  if (isContainer(a) || isContainer(b)) {
    if (!isContainer(a) || !isContainer(b)) return false;
    if ((Object.getPrototypeOf(a) === null) !== (Object.getPrototypeOf(b) === null)) return false;
    const keys = Object.keys(a);
    const otherKeys = Object.keys(b);
    return (
      keys.length === otherKeys.length &&
      keys.every((key, index) => key === otherKeys[index]) &&
      keys.every((key) => structurallyEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array && a.constructor !== b.constructor) return false;
  return sameLeaf(a, b);
}
