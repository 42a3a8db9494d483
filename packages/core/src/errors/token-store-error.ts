import { RetrysafeError } from './retrysafe-error.js';

/** What the store was asked to do, or what it held, when it failed. */
export type TokenStoreErrorKind = 'unavailable' | 'corrupt-record' | 'unsupported-version' | 'conflict';

/** What a `TokenStoreError` is built from. */
export interface TokenStoreErrorInit {
  store: string;
  kind: TokenStoreErrorKind;
  /** The store operation: bind, get, complete, delete, list, prune. */
  action: string;
  message?: string;
  token?: string;
  cause?: unknown;
}

/**
 * The token store could not be read or written, or held a record it cannot
 * trust. A keyed call fails closed with this error and sends nothing, so no
 * second token is ever made for one key. Retryable when the store was merely
 * unavailable.
 */
export class TokenStoreError extends RetrysafeError {
  override readonly name = 'TokenStoreError';
  readonly retryable: boolean;
  readonly store: string;
  readonly kind: TokenStoreErrorKind;
  readonly action: string;

  constructor(init: TokenStoreErrorInit) {
    super(init.message ?? `token store '${init.store}' failed to ${init.action}: ${init.kind}`, {
      token: init.token,
      cause: init.cause,
    });
    this.store = init.store;
    this.kind = init.kind;
    this.action = init.action;
    this.retryable = init.kind === 'unavailable';
  }
}
