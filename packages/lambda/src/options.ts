import type { Context } from 'aws-lambda';
import type { IdempotencyKeyError } from './idempotency-key-error.js';

/** A Lambda handler in its promise form. */
export type LambdaHandler<E, R> = (event: E, context: Context) => R | Promise<R>;

/** A custom key: return the event's key, or undefined when it has none. */
export type KeyFunction<E> = (event: E, context: Context) => string | undefined;

/**
 * What to do when an invocation has no usable key:
 * - 'error' (default): throw the `IdempotencyKeyError`; the handler does not run;
 * - 'proceed-unkeyed': run the handler without a key when the key is missing
 *   (never when it is invalid). Each AWS call still keeps one token across
 *   the SDK's own retries, but a new invocation gets new tokens;
 * - a function: its result is the invocation's result (an HTTP 400, say).
 */
export type MissingKeyPolicy<E, R> =
  | 'error'
  | 'proceed-unkeyed'
  | ((error: IdempotencyKeyError, event: E, context: Context) => R | Promise<R>);

/** How an invocation's key is found. */
export interface KeyOptions<E> {
  /** Your own key (an order ID in the body, say) instead of the event's. */
  readonly key?: KeyFunction<E>;
  /** The header HTTP events carry their key in. Default `Idempotency-Key`. */
  readonly header?: string;
  /**
   * Prefix keys with the function's name (and tenant), so one event
   * delivered to two functions is two operations. Default true.
   */
  readonly scopeKeysToFunction?: boolean;
}

/** Options of `withIdempotency` and `idempotencyExecutionMode`. */
export interface WithIdempotencyOptions<E, R> extends KeyOptions<E> {
  /** Default 'error'. */
  readonly onMissingKey?: MissingKeyPolicy<E, R>;
  /** Kept back from the invocation's end: no retry starts later. Default `DEFAULT_SAFETY_MARGIN_MS`. */
  readonly safetyMarginMs?: number;
}
