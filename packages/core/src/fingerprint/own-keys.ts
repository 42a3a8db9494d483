/**
 * Whether an object's own members that matter are exactly its
 * `enumerableKeyCount` enumerable string keys: no non-enumerable string key
 * (the SDK would send it, a spread would not copy it) and no enumerable
 * symbol key. Non-enumerable symbols are nobody's parameters: allowed.
 *
 * Asked as two narrow questions rather than through `Reflect.ownKeys`: V8
 * answers these on its fast path and that one only in its runtime (about
 * 65 ns against 230 ns for a small object), and every object of every input
 * is asked on every first send.
 */
export function hasOnlyEnumerableStringKeys(source: object, enumerableKeyCount: number): boolean {
  if (Object.getOwnPropertyNames(source).length !== enumerableKeyCount) return false;
  const symbols = Object.getOwnPropertySymbols(source);
  return symbols.length === 0 || !symbols.some((symbol) => isEnumerable.call(source, symbol));
}

const isEnumerable = Object.prototype.propertyIsEnumerable;
