import { types } from 'node:util';

// The copies both the canonical walker and the fast frozen copy make.

/** Own enumerable members, same prototype kind (null or plain). Spread defines `__proto__` as a plain member. */
export function shallowClone(source: Record<string, unknown>): Record<string, unknown> {
  return Object.getPrototypeOf(source) === null
    ? (Object.assign(Object.create(null), source) as Record<string, unknown>)
    : { ...source };
}

/** A private copy of a byte container, of the same type. */
export function copyView(view: ArrayBufferView): ArrayBufferView {
  if (Buffer.isBuffer(view)) return Buffer.from(view);
  if (types.isDataView(view)) {
    return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  }
  return (view as Uint8Array).slice();
}
