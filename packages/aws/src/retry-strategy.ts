import { RetryPolicy, type RetryPolicyOptions } from '@retrysafe/core';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { currentSendContext } from './send-context.js';
import { isUnreadableSuccess } from './unreadable-success.js';

/** One send's place in the retry loop: how many retries so far, the next delay, the budget spent. */
class AttemptToken implements RetryToken {
  constructor(
    private readonly retryCount: number,
    private readonly retryDelay: number,
    readonly budgetSpent: number,
  ) {}
  getRetryCount(): number {
    return this.retryCount;
  }
  getRetryDelay(): number {
    return this.retryDelay;
  }
}

/**
 * The SDK's RetryStrategyV2 over retrysafe's policy. The SDK's own retry
 * middleware drives it, so there is one retry loop, one token for every
 * attempt, and `$metadata.attempts` stays the SDK's. Delays are returned, not
 * slept, so the middleware's sleep honours the abort signal.
 */
export class RetrysafeRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'retrysafe';
  private readonly policy: RetryPolicy;

  constructor(options: RetryPolicyOptions) {
    const configured = options.deadline;
    const callerOverride = options.retryable;
    this.policy = new RetryPolicy({
      ...options,
      // The caller's word first; then a lost success of a token operation is retried.
      retryable: (error, errorClass) =>
        callerOverride?.(error, errorClass) ??
        (currentSendContext() !== undefined && isUnreadableSuccess(error) ? true : undefined),
      deadline: () => earliest(typeof configured === 'function' ? configured() : configured, currentSendContext()?.deadline),
    });
  }

  get maxAttempts(): number {
    return this.policy.maxAttempts;
  }

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return new AttemptToken(0, 0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const previous = token as AttemptToken;
    const attemptsMade = previous.getRetryCount() + 1;
    const error: unknown = errorInfo.error;
    const decision = this.policy.decide(error, attemptsMade);
    if (!decision.retry) {
      // The middleware rethrows the attempt's own error when this rejects.
      throw error ?? new Error(`retrysafe: not retried (${decision.reason})`);
    }
    const send = currentSendContext();
    send?.emit({
      type: 'retry',
      service: send.service,
      operation: send.operation,
      token: send.token(),
      attempt: attemptsMade + 1,
      errorClass: decision.errorClass,
      errorName: errorName(error),
      delayMs: decision.delayMs,
    });
    return new AttemptToken(attemptsMade, decision.delayMs, previous.budgetSpent + decision.cost);
  }

  recordSuccess(token: RetryToken): void {
    this.policy.recordSuccess((token as AttemptToken).budgetSpent);
  }
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
