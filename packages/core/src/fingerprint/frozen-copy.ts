import { MAX_INPUT_DEPTH } from './limits.js';
import { hasOnlyEnumerableStringKeys } from './own-keys.js';
import { setOwnMember } from './own-member.js';
import { copyView, shallowClone } from './private-copy.js';
import { canonicalObjectKind } from './value-kind.js';

/** What `frozenCopy` returns (and throws inside) where it declines an input. */
export const DECLINED: unique symbol = Symbol('retrysafe.frozenCopy.declined');

/**
 * The deep, frozen copy of `input` that `freezeInput` returns, made by the
 * shortest path: no key sorting and no path bookkeeping, both of which only
 * serve a refusal's message. Returns `DECLINED` where the input holds
 * anything without a canonical form (a function, a symbol, a class instance,
 * a cycle, too deep a nesting): the caller then walks it again with the
 * canonical walker, which refuses it naming the first bad path in canonical
 * order. Runs on every first send of a command, so it is kept lean.
 */
export function frozenCopy(input: unknown): unknown {
  try {
    return copyValue(input, []);
  } catch (error) {
    if (error === DECLINED) return DECLINED;
    throw error;
  }
}

const getTime = Date.prototype.getTime;

/** The value itself for a primitive, a private copy for an object. */
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
  switch (canonicalObjectKind(value)) {
    case 'array':
      return copyContainer(value as readonly unknown[], ancestors, copyArray);
    case 'object':
      return copyContainer(value as Record<string, unknown>, ancestors, copyPlainObject);
    case 'date':
      return new Date(getTime.call(value));
    case 'bytes':
      return copyView(value as ArrayBufferView);
    case 'array-buffer':
      return (value as ArrayBuffer).slice(0);
    default:
      throw DECLINED;
  }
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
  // The clone reads each getter once; the members are then copied from what it read.
  const copy = shallowClone(source);
  const keys = Object.keys(copy);
  // A member the clone's string keys leave out (a non-enumerable string key,
  // an enumerable symbol key) goes to the canonical walker, which refuses it
  // by name; a non-enumerable symbol is no parameter, and the spread left it behind.
  if (!hasOnlyEnumerableStringKeys(source, keys.length)) throw DECLINED;
  for (const key of keys) {
    const member = copy[key];
    // A primitive is already in place (most members are: no call for them); a container gives way to its copy.
    if (typeof member === 'object' && member !== null) setOwnMember(copy, key, copyObject(member, ancestors));
    else if (typeof member === 'function' || typeof member === 'symbol') throw DECLINED;
  }
  return copy;
}
