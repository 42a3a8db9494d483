import { RetrysafeError } from './retrysafe-error.js';

/**
 * Why a value has no canonical form. 'hidden-member': a non-enumerable own
 * member, which the SDK's serializer reads but no copy or fingerprint sees.
 * 'member-name': a keyed input's top-level member name a token store cannot
 * file a member digest under (see `isValidMemberName`).
 */
export type UnsupportedInputReason = 'cycle' | 'function' | 'symbol' | 'hidden-member' | 'member-name' | 'unsupported-type' | 'too-deep';

/**
 * An operation input holds a value that has no stable canonical form (a cycle,
 * a function, a symbol, ...). It cannot be fingerprinted, so it cannot be sent
 * safely under an idempotency token.
 */
export class UnsupportedInputError extends RetrysafeError {
  override readonly name = 'UnsupportedInputError';
  readonly retryable = false;
  /** Dotted path of the offending value ('' for the root). */
  readonly path: string;
  readonly reason: UnsupportedInputReason;

  constructor(path: string, reason: UnsupportedInputReason, detail?: string) {
    super(`input at '${path || '<root>'}' cannot be fingerprinted: ${reason}${detail ? ` (${detail})` : ''}`);
    this.path = path;
    this.reason = reason;
  }
}
