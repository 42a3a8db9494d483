import { runWithDeadline, runWithIdempotencyKey } from '@retrysafe/aws';
import type { Context } from 'aws-lambda';
import { checkSafetyMargin, DEFAULT_SAFETY_MARGIN_MS, invocationDeadline } from './deadline.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';
import { invocationKey } from './invocation-key.js';
import type { LambdaHandler, MissingKeyPolicy, WithIdempotencyOptions } from './options.js';

/**
 * Wraps a Lambda handler so every AWS call it makes is keyed by the
 * invocation's idempotency key (see `eventIdempotencyKey`): the same event
 * delivered again makes the same calls with the same tokens, so nothing is
 * created twice. Retries stop before the invocation's time runs out
 * (remaining time − `safetyMarginMs`), so no retry starts that cannot finish.
 * Wrap a whole Middy handler the same way, or see `idempotencyExecutionMode`.
 */
export function withIdempotency<E, R>(
  handler: LambdaHandler<E, R>,
  options: WithIdempotencyOptions<E, R> = {},
): (event: E, context: Context) => Promise<R> {
  const safetyMarginMs = checkSafetyMargin(options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS);
  const onMissingKey = checkPolicy(options.onMissingKey ?? 'error');
  return async (event, context) => {
    const deadline = invocationDeadline(context, safetyMarginMs);
    let key: string;
    try {
      key = invocationKey(event, context, options);
    } catch (error) {
      if (!(error instanceof IdempotencyKeyError) || onMissingKey === 'error') throw error;
      if (typeof onMissingKey !== 'function' && error.reason !== 'missing') throw error;
      // Unkeyed, but still inside the invocation's time: no retry starts that cannot finish.
      const unkeyed = typeof onMissingKey === 'function' ? () => onMissingKey(error, event, context) : () => handler(event, context);
      return runWithDeadline(deadline, unkeyed);
    }
    return runWithIdempotencyKey(key, () => handler(event, context), { deadline });
  };
}

function checkPolicy<E, R>(policy: MissingKeyPolicy<E, R>): MissingKeyPolicy<E, R> {
  if (policy === 'error' || policy === 'proceed-unkeyed' || typeof policy === 'function') return policy;
  throw new TypeError("retrysafe: onMissingKey must be 'error', 'proceed-unkeyed' or a function");
}
