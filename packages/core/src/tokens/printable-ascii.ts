/**
 * Tokens are case-sensitive printable ASCII, 0x21 ('!') to 0x7E ('~'): no
 * space, no control character, nothing a header or a log line could mangle.
 */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

export function isPrintableAscii(value: string): boolean {
  return PRINTABLE_ASCII.test(value);
}
