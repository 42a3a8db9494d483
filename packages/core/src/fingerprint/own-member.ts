/**
 * Sets an own, enumerable, writable member. A plain assignment of the key
 * `__proto__` would call the prototype setter instead (an input parsed from
 * JSON can carry that key), so that one key is defined explicitly.
 */
export function setOwnMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === PROTO_KEY) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

const PROTO_KEY = '__proto__';
