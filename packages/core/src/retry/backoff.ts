import { BACKOFF_GROWTH, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, DEFAULT_THROTTLING_BASE_DELAY_MS } from './constants.js';
import { nonNegativeFinite, positiveInteger } from './checks.js';
import type { ErrorClass } from './error-class.js';

/** Bases and cap of the capped exponential backoff, in ms. */
export interface BackoffOptions {
  /** Base for transient and no-response failures (ms). Default 50. */
  readonly baseDelayMs?: number;
  /** Base for throttling (ms). Default 1000. */
  readonly throttlingBaseDelayMs?: number;
  /** Cap on any single delay (ms). Default 20 000. */
  readonly maxDelayMs?: number;
}

/** BackoffOptions with every default filled in and checked. */
export type ResolvedBackoffOptions = Required<BackoffOptions>;

/** Fills in the defaults; a negative, NaN or infinite value is a RangeError. */
export function resolveBackoffOptions(options: BackoffOptions = {}): ResolvedBackoffOptions {
  return {
    baseDelayMs: nonNegativeFinite('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
    throttlingBaseDelayMs: nonNegativeFinite(
      'throttlingBaseDelayMs',
      options.throttlingBaseDelayMs ?? DEFAULT_THROTTLING_BASE_DELAY_MS,
    ),
    maxDelayMs: nonNegativeFinite('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
  };
}

/**
 * Capped exponential backoff with full jitter (the SDK's formula):
 * `floor(random() * min(maxDelayMs, base * 2 ** (retryNumber - 1)))`, with
 * the throttling base for 'throttling' and the other base for every other
 * class. `retryNumber` is 1 for the first retry. Full jitter spreads the
 * retries of many clients that failed together.
 */
export function backoffDelay(
  retryNumber: number,
  errorClass: ErrorClass,
  options: BackoffOptions,
  random: () => number,
): number {
  positiveInteger('retryNumber', retryNumber);
  const resolved = resolveBackoffOptions(options);
  const base = errorClass === 'throttling' ? resolved.throttlingBaseDelayMs : resolved.baseDelayMs;
  // A huge retryNumber overflows to Infinity, which min() caps; a zero base
  // stays zero (0 * Infinity would be NaN).
  const ceiling = base === 0 ? 0 : Math.min(resolved.maxDelayMs, base * BACKOFF_GROWTH ** (retryNumber - 1));
  return Math.floor(checkedRandom(random()) * ceiling);
}

function checkedRandom(value: number): number {
  // Math.random() is in [0, 1); 1 is allowed too (it yields the ceiling itself).
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`random() must return a number in [0, 1], got ${String(value)}`);
  }
  return value;
}
