import { RetryBudget, RetryPolicy } from '@retrysafe/core';
import { retryMiddlewareOptions } from '@smithy/core/retry';
import type { MetadataBearer, MiddlewareStack, Pluggable } from '@smithy/types';
import { idempotencyMiddleware } from './idempotency-middleware.js';
import { resolveOptions, type IdempotencyPluginOptions } from './options.js';
import { retrysafeRetryMiddleware } from './retry-middleware.js';
import { tokenMiddleware } from './token-middleware.js';

// Names the plugin's middleware takes in the stack (stable: re-applying replaces, never stacks).
/** Name of the initialize-step middleware that freezes the input and maps errors. */
export const IDEMPOTENCY_MIDDLEWARE_NAME = 'retrysafeIdempotencyMiddleware';
/** Name of the serialize-step middleware that writes the token into the request. */
export const TOKEN_MIDDLEWARE_NAME = 'retrysafeTokenMiddleware';
/** The SDK's endpoint middleware: the token is resolved right after it, once the signing Region is known. */
const ENDPOINT_MIDDLEWARE_NAME = 'endpointV2Middleware';

/**
 * The retrysafe plugin: `client.middlewareStack.use(idempotencyPlugin())`.
 *
 * Adds the freeze/inject middleware and replaces the SDK's retry middleware
 * (same name, step and priority, `override`) with one driven by retrysafe's
 * policy, so there is still exactly one retry loop. Each client it is applied
 * to gets its own retry budget.
 */
export function idempotencyPlugin<Input extends object, Output extends MetadataBearer>(
  options: IdempotencyPluginOptions = {},
): Pluggable<Input, Output> {
  const resolved = resolveOptions(options);
  return {
    applyToStack(clientStack: MiddlewareStack<Input, Output>): void {
      // The middleware works on any input and output shape: erase the client's types once, here.
      const stack = clientStack as unknown as MiddlewareStack<object, MetadataBearer>;
      const policy = new RetryPolicy({
        maxAttempts: options.maxAttempts,
        baseDelayMs: options.baseDelayMs,
        throttlingBaseDelayMs: options.throttlingBaseDelayMs,
        maxDelayMs: options.maxDelayMs,
        budget: options.retryBudget ?? new RetryBudget(),
        retryable: options.retryable,
        deadline: options.deadline,
        random: options.random,
      });
      stack.add(idempotencyMiddleware(resolved) as never, {
        step: 'initialize',
        priority: 'high',
        name: IDEMPOTENCY_MIDDLEWARE_NAME,
        tags: ['IDEMPOTENCY', 'RETRYSAFE'],
        override: true,
      });
      stack.addRelativeTo(tokenMiddleware() as never, {
        relation: 'after',
        toMiddleware: ENDPOINT_MIDDLEWARE_NAME,
        name: TOKEN_MIDDLEWARE_NAME,
        tags: ['IDEMPOTENCY', 'RETRYSAFE'],
        override: true,
      });
      stack.add(retrysafeRetryMiddleware(policy) as never, retryMiddlewareOptions);
    },
  };
}
