/**
 * What a failed attempt says about trying again:
 * - 'throttling': the service asked us to slow down (429, throttling codes);
 * - 'transient': the service failed (5xx, transient codes, `$retryable`);
 * - 'no-response': no HTTP response arrived (connection reset, timeout, DNS);
 *   the outcome is unknown, and only the idempotency token makes a retry safe;
 * - 'mismatch': the idempotency token is bound to another request (or its
 *   instance was terminated): retrying can never succeed;
 * - 'aborted': the caller cancelled;
 * - 'not-retryable': everything else (other 4xx, unknown errors).
 */
export type ErrorClass = 'throttling' | 'transient' | 'no-response' | 'mismatch' | 'aborted' | 'not-retryable';

/** The classes the default policy retries. */
const RETRYABLE_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['throttling', 'transient', 'no-response']);

/** Classes no caller override can turn into a retry. */
const FINAL_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['aborted', 'mismatch']);

export function isRetryableClass(errorClass: ErrorClass): boolean {
  return RETRYABLE_CLASSES.has(errorClass);
}

export function isFinalClass(errorClass: ErrorClass): boolean {
  return FINAL_CLASSES.has(errorClass);
}
