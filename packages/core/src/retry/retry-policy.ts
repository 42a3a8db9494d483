import { backoffDelay, resolveBackoffOptions, type ResolvedBackoffOptions } from './backoff.js';
import { positiveInteger } from './checks.js';
import { classifyError, isLocalError } from './classify-error.js';
import { DEFAULT_MAX_ATTEMPTS, SUCCESS_WITHOUT_RETRY_REFILL } from './constants.js';
import { isFinalClass, isRetryableClass, type ErrorClass } from './error-class.js';
import { retryAfterMs } from './retry-after.js';
import { RetryBudget } from './retry-budget.js';

/** Options of `RetryPolicy`; every one has a default. */
export interface RetryPolicyOptions {
  /** Total attempts per call, the first included. Default 3; an integer >= 1. */
  readonly maxAttempts?: number;
  /** Backoff base for transient and no-response failures (ms). Default 50. */
  readonly baseDelayMs?: number;
  /** Backoff base for throttling (ms). Default 1000. */
  readonly throttlingBaseDelayMs?: number;
  /** Cap on any single delay, a Retry-After hint included (ms). Default 20 000. */
  readonly maxDelayMs?: number;
  /** The client's retry budget. Default: a new RetryBudget; false: no budget. */
  readonly budget?: RetryBudget | false;
  /**
   * The caller's word on one error: true retries, false stops, undefined
   * keeps the default. It cannot make 'aborted', 'mismatch' or retrysafe's
   * own (pre-send) errors retry.
   */
  readonly retryable?: (error: unknown, errorClass: ErrorClass) => boolean | undefined;
  /** Epoch ms after which no retry may start, or a function giving it (undefined: none). */
  readonly deadline?: number | (() => number | undefined);
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random?: () => number;
  /** Clock (epoch ms). Default Date.now. */
  readonly now?: () => number;
}

/**
 * What one call adds to its client's policy: the policy holds no per-call
 * state, so a call's own limits travel with each decision.
 */
export interface RetryCallContext {
  /** Epoch ms after which no retry of this call may start; the earlier of this and the policy's deadline applies. */
  readonly deadline?: number;
  /**
   * This call's default for one error, asked only when the policy's own
   * `retryable` has no opinion (returns undefined): true retries, false
   * stops, undefined keeps the default. Same limits as `retryable`.
   */
  readonly retryable?: (error: unknown, errorClass: ErrorClass) => boolean | undefined;
}

/** Why a decision came out as it did. */
export type RetryReason =
  | 'retry'
  | 'not-retryable'
  | 'max-attempts'
  | 'budget-exhausted'
  | 'deadline'
  | 'aborted'
  | 'caller-override';

/** What `RetryPolicy.decide` concluded for one failed attempt, and why. */
export interface RetryDecision {
  readonly retry: boolean;
  readonly errorClass: ErrorClass;
  /** How long to wait before the next attempt (0 when not retrying). */
  readonly delayMs: number;
  /** Budget tokens taken for this retry; hand them to recordSuccess when a later attempt succeeds. */
  readonly cost: number;
  readonly reason: RetryReason;
}

/**
 * Decides, after a failed attempt, whether and when to try again (rules in
 * ./README.md). Holds no per-call state: one policy serves every call of a
 * client, and its budget is the client's. Deterministic given `random` and
 * `now` (and the budget's balance).
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  /** The shared budget, or undefined when turned off. */
  readonly budget: RetryBudget | undefined;
  private readonly backoff: ResolvedBackoffOptions;
  private readonly retryable: RetryPolicyOptions['retryable'];
  private readonly deadline: () => number | undefined;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.backoff = resolveBackoffOptions(options);
    this.budget = options.budget === false ? undefined : (options.budget ?? new RetryBudget());
    this.retryable = optionalFunction('retryable', options.retryable);
    this.random = optionalFunction('random', options.random) ?? Math.random;
    this.now = optionalFunction('now', options.now) ?? Date.now;
    this.deadline = deadlineProvider(options.deadline);
  }

  /**
   * `attemptsMade`: attempts so far, the failed one included (1 after the
   * first). `call`: the call's own deadline and default, if it has any.
   */
  decide(error: unknown, attemptsMade: number, call?: RetryCallContext): RetryDecision {
    positiveInteger('attemptsMade', attemptsMade);
    const errorClass = classifyError(error);
    if (errorClass === 'aborted') return stop(errorClass, 'aborted');
    if (isFinalClass(errorClass) || isLocalError(error)) return stop(errorClass, 'not-retryable');

    const byDefault = isRetryableClass(errorClass);
    const override = this.retryable?.(error, errorClass) ?? call?.retryable?.(error, errorClass);
    const wanted = typeof override === 'boolean' ? override : byDefault;
    if (!wanted) return stop(errorClass, byDefault ? 'caller-override' : 'not-retryable');
    if (attemptsMade >= this.maxAttempts) return stop(errorClass, 'max-attempts');

    const now = checkedTime('now()', this.now());
    const hint = retryAfterMs(error, now);
    const jittered = backoffDelay(attemptsMade, errorClass, this.backoff, this.random);
    // A hint is honoured up to the cap: waiting longer would hold the caller
    // too long; the deadline below still sees the full hint.
    const delayMs = hint === undefined ? jittered : Math.max(jittered, Math.min(hint, this.backoff.maxDelayMs));
    const deadline = earliest(this.deadline(), call?.deadline === undefined ? undefined : checkedTime('call deadline', call.deadline));
    // The server's hint is the earliest a retry can help: past the deadline, stop now.
    if (deadline !== undefined && now + Math.max(delayMs, hint ?? 0) > deadline) return stop(errorClass, 'deadline');

    const cost = this.budget === undefined ? 0 : this.budget.acquire(errorClass);
    if (cost === undefined) return stop(errorClass, 'budget-exhausted');
    return Object.freeze({ retry: true, errorClass, delayMs, cost, reason: byDefault ? 'retry' : 'caller-override' });
  }

  /**
   * A call succeeded: refunds `cost`, what its retry decisions took from the
   * budget. A success that retried nothing (cost 0) refills one token, as
   * the SDK does, so a bucket drained by calls that failed recovers.
   */
  recordSuccess(cost: number): void {
    if (this.budget === undefined) return;
    this.budget.release(cost === 0 ? SUCCESS_WITHOUT_RETRY_REFILL : cost);
  }
}

function stop(errorClass: ErrorClass, reason: RetryReason): RetryDecision {
  return Object.freeze({ retry: false, errorClass, delayMs: 0, cost: 0, reason });
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function deadlineProvider(deadline: RetryPolicyOptions['deadline']): () => number | undefined {
  if (typeof deadline === 'function') {
    return () => {
      const value = deadline();
      return value === undefined ? undefined : checkedTime('deadline()', value);
    };
  }
  if (deadline === undefined) return () => undefined;
  const fixed = checkedTime('deadline', deadline);
  return () => fixed;
}

/** An epoch-ms value; Infinity is allowed (no deadline), NaN is not. */
function checkedTime(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RangeError(`${name} must be a number of epoch milliseconds, got ${String(value)}`);
  }
  return value;
}

function optionalFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function, got ${typeof value}`);
  }
  return value;
}
