import { RetrysafeError } from './retrysafe-error.js';

/** What an `IdempotentInstanceTerminatedError` is built from. */
export interface IdempotentInstanceTerminatedErrorInit {
  token: string;
  service: string;
  operation: string;
  serviceCode: string;
  cause?: unknown;
}

/**
 * EC2 `IdempotentInstanceTerminated`: the token's instance was launched and has
 * since been terminated. Retrying with this token can never launch another
 * one; launching again is a new logical operation with a new key.
 */
export class IdempotentInstanceTerminatedError extends RetrysafeError {
  override readonly name = 'IdempotentInstanceTerminatedError';
  readonly retryable = false;
  override readonly token: string;
  readonly service: string;
  readonly operation: string;
  readonly serviceCode: string;

  constructor(init: IdempotentInstanceTerminatedErrorInit) {
    super(
      `${init.service} ${init.operation}: the instance launched with this idempotency token was terminated (${init.serviceCode})`,
      { token: init.token, cause: init.cause },
    );
    this.token = init.token;
    this.service = init.service;
    this.operation = init.operation;
    this.serviceCode = init.serviceCode;
  }
}
