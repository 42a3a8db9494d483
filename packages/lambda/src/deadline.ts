import type { Context } from 'aws-lambda';

/**
 * Time kept back from the invocation's end: no retry starts later than this
 * before the timeout, so a retry that starts can still finish, and the
 * handler has time to report the failure (and its token) itself.
 */
export const DEFAULT_SAFETY_MARGIN_MS = 1_000;

/**
 * Epoch ms after which no retry starts: now + the invocation's remaining
 * time − the safety margin. Undefined when the context cannot tell the
 * remaining time (a hand-made context in a test or a container).
 */
export function invocationDeadline(context: Partial<Pick<Context, 'getRemainingTimeInMillis'>>, safetyMarginMs: number): number | undefined {
  if (typeof context.getRemainingTimeInMillis !== 'function') return undefined;
  const remaining = context.getRemainingTimeInMillis();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return undefined;
  return Date.now() + remaining - safetyMarginMs;
}

/** Throws unless `value` is a usable margin: a finite number of milliseconds, 0 or more. */
export function checkSafetyMargin(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`retrysafe: safetyMarginMs must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
}
