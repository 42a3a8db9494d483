import { RetrysafeError } from './retrysafe-error.js';

/** Where the mismatch was found: before sending (snapshot or token store) or by the service. */
export type MismatchSource = 'local' | 'service';

/** What an `IdempotentParameterMismatchError` is built from. */
export interface IdempotentParameterMismatchErrorInit {
  token: string;
  service: string;
  operation: string;
  source: MismatchSource;
  /** The service's own error code, for `source: 'service'`. */
  serviceCode?: string;
  /** Dotted paths (or top-level member names) that differ from the first request. */
  changedPaths?: readonly string[];
  cause?: unknown;
  message?: string;
}

/**
 * A token was reused with other parameters. Never retryable: the token is
 * bound for good to the first request that used it. Either resend the
 * original parameters or start a new logical operation (a new key).
 */
export class IdempotentParameterMismatchError extends RetrysafeError {
  override readonly name = 'IdempotentParameterMismatchError';
  readonly retryable = false;
  override readonly token: string;
  readonly service: string;
  readonly operation: string;
  readonly source: MismatchSource;
  readonly serviceCode: string | undefined;
  readonly changedPaths: readonly string[];

  constructor(init: IdempotentParameterMismatchErrorInit) {
    const changed = init.changedPaths ?? [];
    const where = init.source === 'local' ? 'before sending' : `by the service (${init.serviceCode ?? 'unknown code'})`;
    const what = changed.length > 0 ? `; changed: ${changed.join(', ')}` : '';
    super(
      init.message ??
        `${init.service} ${init.operation}: idempotency token reused with different parameters, detected ${where}${what}`,
      { token: init.token, cause: init.cause },
    );
    this.token = init.token;
    this.service = init.service;
    this.operation = init.operation;
    this.source = init.source;
    this.serviceCode = init.serviceCode;
    this.changedPaths = Object.freeze([...changed]);
  }
}
