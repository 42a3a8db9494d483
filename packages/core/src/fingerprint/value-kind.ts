import { types } from 'node:util';

/**
 * The kinds of value that have a canonical form. `node:util` type checks and
 * `Array.isArray` read internal slots, so values made in another realm (a `vm`
 * context, Jest's sandbox, `structuredClone`) are recognised as well.
 */
export type CanonicalObjectKind = 'array' | 'object' | 'date' | 'bytes' | 'array-buffer';

/**
 * A plain object: made by a literal, `Object.create(null)`, `JSON.parse` or
 * `structuredClone`, possibly in another realm. Class instances are not: their
 * state may live in private fields or getters a copy would lose.
 */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || isForeignObjectPrototype(proto as object);
}

/** `Object.prototype` of another realm: the root of its chain, with `Object` as constructor. */
function isForeignObjectPrototype(proto: object): boolean {
  if (Object.getPrototypeOf(proto) !== null) return false;
  const constructor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof constructor === 'function' && constructor.name === 'Object' && Object.hasOwn(proto, 'hasOwnProperty');
}

/** The kind of a non-null object, or undefined when it has no canonical form. */
export function canonicalObjectKind(value: object): CanonicalObjectKind | undefined {
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  if (types.isDate(value)) return 'date';
  if (ArrayBuffer.isView(value)) return 'bytes';
  if (types.isAnyArrayBuffer(value)) return 'array-buffer';
  return undefined;
}

/** Why an object without a canonical form was refused, in words a caller can act on. */
export function describeUnsupportedObject(value: object): string {
  if (types.isMap(value) || types.isWeakMap(value)) return 'a Map: use a plain object, as the SDK input shapes do';
  if (types.isSet(value) || types.isWeakSet(value)) return 'a Set: use an array, as the SDK input shapes do';
  if (types.isPromise(value)) return 'a Promise: await it before sending';
  if (types.isBoxedPrimitive(value)) return 'a boxed primitive: use the primitive value';
  if (isStreamLike(value)) return 'a stream or iterator: it can be read only once, so a retry cannot resend it';
  return `an instance of ${constructorName(value)}: only plain objects, arrays, Dates and byte arrays have a canonical form`;
}

function isStreamLike(value: object): boolean {
  const candidate = value as { pipe?: unknown; getReader?: unknown; next?: unknown };
  return (
    typeof candidate.pipe === 'function' ||
    typeof candidate.getReader === 'function' ||
    typeof candidate.next === 'function' ||
    Symbol.asyncIterator in value
  );
}

function constructorName(value: object): string {
  const constructor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof constructor === 'function' && constructor.name !== '' ? constructor.name : 'an anonymous class';
}
