import { RetrysafeError } from './retrysafe-error.js';

/** The rule a caller's token broke. */
export type TokenRule = 'type' | 'ascii' | 'minLength' | 'maxLength' | 'pattern';

/** What an `InvalidClientTokenError` is built from. */
export interface InvalidClientTokenErrorInit {
  rule: TokenRule;
  /** The member's limits, as text, for the message (e.g. "1..64", "^\\w+$"). */
  limit?: string;
  service?: string;
  operation?: string;
  member?: string;
  /** The offending token, when it is a string. */
  token?: string;
}

/**
 * A token set by the caller breaks the member's limits (printable ASCII,
 * length, pattern). Raised before anything is sent; never retryable.
 */
export class InvalidClientTokenError extends RetrysafeError {
  override readonly name = 'InvalidClientTokenError';
  readonly retryable = false;
  readonly rule: TokenRule;
  readonly limit: string | undefined;
  readonly service: string | undefined;
  readonly operation: string | undefined;
  readonly member: string | undefined;

  constructor(init: InvalidClientTokenErrorInit) {
    const where = [init.service, init.operation].filter(Boolean).join(' ');
    const member = init.member ?? 'token';
    const limit = init.limit === undefined ? '' : ` (${init.limit})`;
    super(`${where ? `${where}: ` : ''}invalid ${member}: breaks rule '${init.rule}'${limit}`, { token: init.token });
    this.rule = init.rule;
    this.limit = init.limit;
    this.service = init.service;
    this.operation = init.operation;
    this.member = init.member;
  }
}
