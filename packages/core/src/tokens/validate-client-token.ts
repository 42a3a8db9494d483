import { InvalidClientTokenError, type TokenRule } from '../errors/index.js';
import { isPrintableAscii } from './printable-ascii.js';
import { describeLength, effectiveMaxLength, effectiveMinLength, type TokenLimits } from './token-limits.js';
import { compileTokenPattern } from './token-pattern.js';

/** Where a token goes, for the error message. */
export interface ClientTokenContext {
  readonly service?: string;
  readonly operation?: string;
  readonly member?: string;
}

const TYPE_LIMIT = 'a string';
const ASCII_LIMIT = 'printable ASCII 0x21-0x7E';

/**
 * Returns the caller's token when it fits the member's limits; otherwise
 * throws `InvalidClientTokenError` naming the first rule it breaks, checked
 * in this order: 'type', 'ascii', 'minLength', 'maxLength', 'pattern'.
 * Checked before anything is sent, so a bad token costs nothing.
 */
export function validateClientToken(token: unknown, limits: TokenLimits, context: ClientTokenContext = {}): string {
  const fail = (rule: TokenRule, limit: string, carried?: string): never => {
    throw new InvalidClientTokenError({ ...context, rule, limit, token: carried });
  };
  if (typeof token !== 'string') return fail('type', TYPE_LIMIT);
  // A token that is not printable ASCII is never carried or echoed: its
  // characters could be anything (control bytes, a pasted secret).
  if (!isPrintableAscii(token)) return fail('ascii', ASCII_LIMIT);
  if (token.length < effectiveMinLength(limits)) return fail('minLength', describeLength(limits), token);
  if (token.length > effectiveMaxLength(limits)) return fail('maxLength', describeLength(limits), token);
  const pattern = limits.pattern === undefined ? undefined : compileTokenPattern(limits.pattern);
  if (pattern !== undefined && !pattern.matches(token)) return fail('pattern', pattern.source, token);
  return token;
}
