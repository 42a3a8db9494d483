import { RetrysafeError } from './retrysafe-error.js';

/**
 * Why the store failed:
 * - 'unavailable': it could not be reached or did not answer in time; the
 *   one kind worth trying again, and the one `onStoreError: 'proceed'` covers.
 * - 'misconfigured': it answered, and the answer says it is set up wrong (no
 *   such table, a key schema that is not a token table's, credentials or
 *   permissions refused). Trying again cannot help until someone fixes it.
 * - 'corrupt-record', 'unsupported-version': it holds a record it cannot trust.
 * - 'conflict': it kept changing under a bind or a table check.
 */
export type TokenStoreErrorKind = 'unavailable' | 'misconfigured' | 'corrupt-record' | 'unsupported-version' | 'conflict';

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
 * The token store could not be read or written, is set up wrong, or held a
 * record it cannot trust. A keyed call fails closed with this error and
 * sends nothing, so no second token is ever made for one key. Retryable only
 * when the store was merely unavailable (`kind`).
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
