/**
 * Above this many keys the engine's sort wins; below it insertion sort does
 * (input objects have a handful of keys, and its cost is near zero for keys
 * that arrive sorted).
 */
const INSERTION_SORT_MAX_KEYS = 32;

/**
 * Sorts member keys in place by UTF-16 code unit, the order of the canonical
 * encoding. `Array.prototype.sort` is several times slower on the small
 * arrays every input is made of, and sorting runs once per object per send.
 */
export function sortKeys(keys: string[]): void {
  if (keys.length > INSERTION_SORT_MAX_KEYS) {
    keys.sort(); // default comparison: UTF-16 code units, as below
    return;
  }
  for (let next = 1; next < keys.length; next++) {
    const key = keys[next] as string;
    let slot = next;
    // `>` compares strings by UTF-16 code unit.
    while (slot > 0 && (keys[slot - 1] as string) > key) {
      keys[slot] = keys[slot - 1] as string;
      slot--;
    }
    keys[slot] = key;
  }
}
