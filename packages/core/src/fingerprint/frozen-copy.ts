import { types } from 'node:util';
import { MAX_INPUT_DEPTH } from './limits.js';
import { isPlainObject } from './value-kind.js';

/** Thrown inside the fast copy where it declines; never leaves this module. */
const DECLINED: unique symbol = Symbol('retrysafe.frozenCopy.declined');

/**
 * The deep, frozen copy of `input` that `freezeInput` returns, made by the
 * shortest path: no key sorting and no path bookkeeping, both of which only
 * serve a refusal's message. Returns `DECLINED_COPY` where the input holds
 * anything without a canonical form (a function, a symbol, a class instance,
 * a cycle, too deep a nesting): the caller then walks it again with the
 * canonical walker, which refuses it naming the first bad path in canonical
 * order. Runs on every first send of a command, so it is kept lean.
 */
export function frozenCopy(input: unknown): unknown {
  try {
    return copyValue(input, []);
  } catch (error) {
    if (error === DECLINED) return DECLINED_COPY;
    throw error;
  }
}

/** What `frozenCopy` returns when it declines an input. */
export const DECLINED_COPY: unique symbol = Symbol('retrysafe.frozenCopy.declinedCopy');

const getTime = Date.prototype.getTime;

function copyValue(value: unknown, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'object':
      return value === null ? null : copyObject(value, ancestors);
    case 'function':
    case 'symbol':
      throw DECLINED;
    default:
      return value; // string, number, boolean, undefined, bigint
  }
}

function copyObject(value: object, ancestors: object[]): object {
  if (Array.isArray(value)) return copyContainer(value, ancestors, copyArray);
  if (isPlainObject(value)) return copyContainer(value as Record<string, unknown>, ancestors, copyPlainObject);
  if (types.isDate(value)) return new Date(getTime.call(value));
  if (ArrayBuffer.isView(value)) return copyView(value);
  if (types.isAnyArrayBuffer(value)) return (value as ArrayBuffer).slice(0);
  throw DECLINED;
}

/** Guards depth and cycles around copying one array or plain object. */
function copyContainer<T extends object>(value: T, ancestors: object[], copy: (value: T, ancestors: object[]) => object): object {
  if (ancestors.length >= MAX_INPUT_DEPTH || ancestors.includes(value)) throw DECLINED;
  ancestors.push(value);
  const result = copy(value, ancestors);
  ancestors.pop();
  return Object.freeze(result);
}

function copyArray(source: readonly unknown[], ancestors: object[]): unknown[] {
  const length = source.length;
  const copy = new Array<unknown>(length);
  for (let index = 0; index < length; index++) {
    const element = source[index];
    if (element === undefined && !(index in source)) continue; // the copy keeps the hole
    copy[index] = copyValue(element, ancestors);
  }
  return copy;
}

function copyPlainObject(source: Record<string, unknown>, ancestors: object[]): Record<string, unknown> {
  // A spread reads each getter once; the members are then copied from what it read.
  // It also copies enumerable symbol-keyed members, which have no canonical form.
  const copy: Record<string, unknown> =
    Object.getPrototypeOf(source) === null ? Object.assign(Object.create(null) as Record<string, unknown>, source) : { ...source };
  if (Object.getOwnPropertySymbols(copy).length > 0) throw DECLINED;
  for (const key of Object.keys(copy)) {
    const member = copy[key];
    // Primitives stay as they are; `__proto__` too (replacing it needs defineProperty, rare enough to decline).
    if (typeof member === 'object' && member !== null) {
      if (key === PROTO_KEY) throw DECLINED;
      copy[key] = copyObject(member, ancestors);
    } else if (typeof member === 'function' || typeof member === 'symbol') {
      throw DECLINED;
    }
  }
  return copy;
}

const PROTO_KEY = '__proto__';

/** A private copy of a byte container, of the same type. */
export function copyView(view: ArrayBufferView): ArrayBufferView {
  if (Buffer.isBuffer(view)) return Buffer.from(view);
  if (types.isDataView(view)) {
    return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  }
  return (view as Uint8Array).slice();
}
