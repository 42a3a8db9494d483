/**
 * One value per object, kept on the object itself under a private symbol:
 * a non-enumerable own member, so spreads, `JSON.stringify` and the SDK's
 * serializers (which read inputs through the schema) never see it.
 *
 * Why not a WeakMap: an entry per short-lived object (one per command)
 * makes every young-generation GC walk the map's entries: in one
 * interleaved overhead run the unkeyed plugin cost 1.101x bare with the
 * command-state WeakMap and 1.063x without. An object that cannot take a
 * new member (frozen, sealed, preventExtensions) falls back to one.
 */
export class ObjectSlot<T> {
  private readonly key: symbol;
  private readonly fallback = new WeakMap<object, T>();

  constructor(description: string) {
    this.key = Symbol(description);
  }

  get(target: object): T | undefined {
    const value = (target as Record<symbol, T | undefined>)[this.key];
    // Own only: an object made with Object.create(sent) must not inherit what was sent.
    if (value !== undefined && Object.hasOwn(target, this.key)) return value;
    return Object.isExtensible(target) ? undefined : this.fallback.get(target);
  }

  set(target: object, value: T): void {
    if (Object.hasOwn(target, this.key)) {
      (target as Record<symbol, T>)[this.key] = value;
    } else if (Object.isExtensible(target)) {
      Object.defineProperty(target, this.key, { value, writable: true, enumerable: false, configurable: true });
    } else {
      this.fallback.set(target, value);
    }
  }
}
