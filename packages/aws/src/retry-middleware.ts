import type { RetryPolicy } from '@retrysafe/core';
import { retryMiddleware } from '@smithy/core/retry';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import { pendingSendOf } from './pending-send.js';
import { promiseOf } from './promise-of.js';
import { RetrysafeRetryStrategy } from './retry-strategy.js';

/**
 * The SDK's own retry middleware (it takes the place of the client's, under
 * the same name), driven per send by a strategy that knows the send: the
 * send rides on the args, so no AsyncLocalStorage is needed (one turns on
 * promise hooks for the whole process and slows every promise in it).
 */
export function retrysafeRetryMiddleware(policy: RetryPolicy): FinalizeRequestMiddleware<object, MetadataBearer> {
  const maxAttempts = async (): Promise<number> => policy.maxAttempts;
  return (next, context) => (args) =>
    promiseOf(() => {
      const strategy = new RetrysafeRetryStrategy(policy, pendingSendOf(args));
      return retryMiddleware({ retryStrategy: async () => strategy, maxAttempts })(next, context)(args);
    });
}
