/**
 * Base class of every error retrysafe raises itself. Each subclass has a
 * distinct `name` (never one of a service's error names: the SDK compares
 * `name` in its `instanceof` checks), says whether trying again can help, and
 * carries the idempotency token involved, if any, so a caller can carry on.
 */
export abstract class RetrysafeError extends Error {
  /** Whether the same operation may be tried again (later, with the same token). */
  abstract readonly retryable: boolean;
  /** The idempotency token this error concerns, when one was resolved. */
  readonly token: string | undefined;

  protected constructor(message: string, options: { token?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.token = options.token;
  }
}
