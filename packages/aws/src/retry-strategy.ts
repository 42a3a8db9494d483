import type { RetryCallContext, RetryPolicy } from '@retrysafe/core';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import type { PendingSend } from './pending-send.js';
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

/** A token operation's lost success is retried: the same token returns the original result. */
const retryUnreadableSuccess = (error: unknown): boolean | undefined => (isUnreadableSuccess(error) ? true : undefined);
const TOKEN_OPERATION_CALL: RetryCallContext = { retryable: retryUnreadableSuccess };

/**
 * The SDK's RetryStrategyV2 over retrysafe's policy, for one send. The SDK's
 * own retry middleware drives it, so there is one retry loop, one token for
 * every attempt, and `$metadata.attempts` stays the SDK's. Delays are
 * returned, not slept, so the middleware's sleep honours the abort signal.
 * The policy (and its budget) is the client's; the send, when retrysafe
 * tracks it, adds its scope's deadline and its events.
 */
export class RetrysafeRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'retrysafe';
  private readonly call: RetryCallContext | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly send: PendingSend | undefined,
  ) {
    if (send === undefined) this.call = undefined;
    else this.call = send.deadline === undefined ? TOKEN_OPERATION_CALL : { ...TOKEN_OPERATION_CALL, deadline: send.deadline };
  }

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return new AttemptToken(0, 0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const previous = token as AttemptToken;
    const attemptsMade = previous.getRetryCount() + 1;
    const error: unknown = errorInfo.error;
    const decision = this.policy.decide(error, attemptsMade, this.call);
    if (!decision.retry) {
      // The middleware rethrows the attempt's own error when this rejects.
      throw error ?? new Error(`retrysafe: not retried (${decision.reason})`);
    }
    const send = this.send;
    send?.emit({
      type: 'retry',
      service: send.operation.service,
      operation: send.operation.operation,
      token: send.state.tokenValue,
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

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
