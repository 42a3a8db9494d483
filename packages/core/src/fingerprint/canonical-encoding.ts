import { CanonicalWalker } from './canonical-walker.js';

/**
 * The canonical text of an operation input: the same for inputs that send the
 * same parameters (object key order and identity do not matter), different
 * for any two that differ in a value or its type. The grammar is in
 * canonical-grammar.ts.
 *
 * Accepted: undefined, null, booleans, numbers (NaN, -0, ±Infinity kept
 * apart), bigints, strings, Dates, byte containers (ArrayBuffer views and
 * ArrayBuffers, by their bytes), arrays (holes kept apart from undefined) and
 * plain objects (own enumerable string keys). Maps and Sets are refused: the
 * SDK's input shapes have none and its serializers do not send them.
 *
 * Throws `UnsupportedInputError` (with the dotted path) for cycles, functions,
 * symbols (as values or member keys), class instances, streams and nesting
 * deeper than `MAX_INPUT_DEPTH`.
 */
export function canonicalEncode(value: unknown): string {
  return new CanonicalWalker().walk(value);
}
