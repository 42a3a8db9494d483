import { isWellFormed } from '../tokens/well-formed.js';

/**
 * The canonical encoding's grammar. Every value's encoding is self-delimiting
 * (a fixed one-character token, a terminated run, or a length-prefixed run),
 * so concatenations never collide and no two different values share a text.
 *
 *   undefined        u
 *   null             n
 *   true / false     t / f
 *   number           d<String(n)>;     with -0 as d-0; (NaN, Infinity, -Infinity as spelled)
 *   bigint           i<decimal>;
 *   string           s<UTF-16 length>:<text>
 *   string with a lone surrogate   w<UTF-16LE hex>;   (UTF-8 cannot carry it)
 *   Date             D<epoch ms>;      an invalid Date is DNaN;
 *   bytes            b<hex>;           any ArrayBuffer view or ArrayBuffer, by its bytes
 *   array            [<element>...]    a hole is h
 *   plain object     {<key><value>...} keys encoded as strings, sorted by UTF-16 code unit;
 *                                      a member whose value is undefined is kept, a missing one is not
 *
 * The encoding is persisted (as digests in durable token stores), so it never
 * changes within a major version: a change would make every stored binding
 * look like a parameter mismatch.
 */
export const UNDEFINED = 'u';
export const NULL = 'n';
export const TRUE = 't';
export const FALSE = 'f';
export const NUMBER = 'd';
export const BIGINT = 'i';
export const STRING = 's';
export const STRING_LENGTH_END = ':';
export const ILL_FORMED_STRING = 'w';
export const DATE = 'D';
export const BYTES = 'b';
export const ARRAY_OPEN = '[';
export const ARRAY_CLOSE = ']';
export const ARRAY_HOLE = 'h';
export const OBJECT_OPEN = '{';
export const OBJECT_CLOSE = '}';
/** Ends every variable-length run that is not length-prefixed; none of those runs can contain it. */
export const RUN_END = ';';

const NEGATIVE_ZERO = '-0';

export function encodeString(value: string): string {
  if (isWellFormed(value)) return STRING + value.length + STRING_LENGTH_END + value;
  // Hashing goes through UTF-8, which turns every lone surrogate into U+FFFD;
  // spelling the code units out keeps '\uD800' apart from '\uFFFD'.
  return ILL_FORMED_STRING + Buffer.from(value, 'utf16le').toString('hex') + RUN_END;
}

export function encodeNumber(value: number): string {
  // String() is exact and deterministic (shortest round-trip form) for every
  // number but -0, which it spells like 0.
  return NUMBER + (value === 0 && 1 / value < 0 ? NEGATIVE_ZERO : String(value)) + RUN_END;
}

export function encodeBigInt(value: bigint): string {
  return BIGINT + value.toString() + RUN_END;
}

export function encodeDateTime(time: number): string {
  return DATE + String(time) + RUN_END;
}

export function encodeBytes(bytes: Buffer): string {
  return BYTES + bytes.toString('hex') + RUN_END;
}
